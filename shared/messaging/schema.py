"""Tables every service has for its messaging: outbox, inbox, dead letters.

Each service's first migration executes PLUMBING_DDL, so the tables are defined once.
"""

PLUMBING_DDL = """
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    event_id        uuid NOT NULL UNIQUE,
    subject         text NOT NULL,
    envelope        jsonb NOT NULL,
    correlation_id  text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

CREATE TABLE inbox (
    consumer     text NOT NULL,
    event_id     uuid NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE dead_letters (
    id           bigserial PRIMARY KEY,
    consumer     text NOT NULL,
    subject      text NOT NULL,
    event_id     uuid,
    stream_seq   bigint,
    deliveries   integer NOT NULL,
    error_class  text NOT NULL,
    error        text NOT NULL,
    body         bytea NOT NULL,
    headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    retried_at   timestamptz,
    archived_at  timestamptz,
    UNIQUE (consumer, stream_seq)
);
CREATE INDEX dead_letters_open ON dead_letters (created_at) WHERE retried_at IS NULL AND archived_at IS NULL;
"""
