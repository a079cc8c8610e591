"""notification: the recipients of each enquiry; one email per (event, recipient, template).

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"

SCHEMA = """
-- Who we write to about an enquiry, decided from intake's validated events and never from free text.
-- `revision` orders submitted (1) and amended (>= 2) events, so an older event never overwrites a newer one.
CREATE TABLE recipients (
    enquiry_id     uuid PRIMARY KEY,
    reference      text NOT NULL,
    contact_email  text NOT NULL,
    contact_name   text NOT NULL,
    language       text NOT NULL CHECK (language IN ('de', 'en')),
    company_name   text NOT NULL,
    status_url     text NOT NULL,
    revision       integer NOT NULL DEFAULT 1,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One event may address several partners or leads with the same template. The deterministic Message-ID
-- (event, role, recipient, template) is already UNIQUE and is the dedupe key; the old key was too coarse.
ALTER TABLE outbound_emails DROP CONSTRAINT outbound_emails_event_id_recipient_role_template_key;

-- Operators' view: failed emails, and the gauges the dispatcher refreshes.
CREATE INDEX outbound_emails_status ON outbound_emails (status) WHERE status <> 'sent';
ALTER TABLE outbound_emails ADD COLUMN operator_retries integer NOT NULL DEFAULT 0;
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
