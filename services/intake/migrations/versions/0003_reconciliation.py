"""intake: downstream confirmations, for the reconciliation sweep.

Revision ID: 0003
"""
from alembic import op

revision = "0003"
down_revision = "0002"

SCHEMA = """
-- Set when advisory confirms the case is in its queue; an enquiry without it after a while is re-published.
ALTER TABLE enquiries ADD COLUMN case_opened_at timestamptz;
ALTER TABLE enquiries ADD COLUMN reconciled_count integer NOT NULL DEFAULT 0;
ALTER TABLE enquiries ADD COLUMN last_reconciled_at timestamptz;
UPDATE enquiries SET case_opened_at = updated_at WHERE status <> 'received';
CREATE INDEX enquiries_unconfirmed ON enquiries (submitted_at) WHERE case_opened_at IS NULL;
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
