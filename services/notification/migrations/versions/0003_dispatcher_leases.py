"""notification: which dispatcher claimed an email, and which dispatchers are alive (their leases).

A row left in 'sending' by a dispatcher whose lease lapsed (its process died) is claimed again at once, instead of
after SENDING_STALE_AFTER_S; a live dispatcher keeps renewing its lease, so no replica takes its rows.

Revision ID: 0003
"""
from alembic import op

revision = "0003"
down_revision = "0002"

SCHEMA = """
CREATE TABLE dispatchers (
    id          uuid PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    seen_at     timestamptz NOT NULL DEFAULT now()
);
-- NULL for rows claimed before this revision: those wait for SENDING_STALE_AFTER_S as before.
ALTER TABLE outbound_emails ADD COLUMN claimed_by uuid;
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
