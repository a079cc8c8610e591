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

# Every service's migration after issue 20's round 4. The outbox keeps an envelope only until the relay has
# published it, and nothing queries inside it: as `json` it is stored as the text it was written as (jsonb parsed
# it into its binary form on insert and printed it again for the relay), and EXTERNAL stores that text out of line
# without pglz compression. For an assessment's 22 KB envelope this took PostgreSQL's CPU per event from ~590 µs
# (insert + the relay's read) to ~215 µs (`python -m bench.micro`; docs/performance.md, round 4). Uncompressed rows
# take 2.6 times the space, which the messaging housekeeping bounds (published rows go after 15 days).
OUTBOX_ENVELOPE_AS_TEXT = """
ALTER TABLE outbox ALTER COLUMN envelope TYPE json USING envelope::json;
ALTER TABLE outbox ALTER COLUMN envelope SET STORAGE EXTERNAL;
"""

