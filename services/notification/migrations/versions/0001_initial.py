"""notification: outbound emails (the delivery log), messaging tables.

Revision ID: 0001
"""
from alembic import op

from shared.messaging.schema import PLUMBING_DDL

revision = "0001"
down_revision = None

SCHEMA = """
-- One row per (event, recipient, template): the unique key is what makes a redelivered event send nothing.
CREATE TABLE outbound_emails (
    id               bigserial PRIMARY KEY,
    message_id       text NOT NULL UNIQUE,
    event_id         uuid NOT NULL,
    correlation_id   text NOT NULL,
    enquiry_id       uuid,
    template         text NOT NULL,
    language         text NOT NULL,
    recipient        text NOT NULL,
    recipient_role   text NOT NULL,
    context          jsonb NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_at       timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    UNIQUE (event_id, recipient_role, template)
);
CREATE INDEX outbound_emails_due ON outbound_emails (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbound_emails_sending ON outbound_emails (claimed_at) WHERE status = 'sending';
CREATE INDEX outbound_emails_enquiry ON outbound_emails (enquiry_id);

CREATE FUNCTION outbound_email_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbound_email', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbound_email_notify AFTER INSERT ON outbound_emails
    FOR EACH STATEMENT EXECUTE FUNCTION outbound_email_notify();
"""


def upgrade() -> None:
    op.execute(PLUMBING_DDL)
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
