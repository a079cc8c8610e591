"""advisory: the re-assessment timer (issue 17). The due date comes from the assessment's development track
(band C) or from a lead; `reassess_reminded_for` is the due date a reminder was sent for, so each date fires once
whatever crashes, replicas or redeliveries do.

Revision ID: 0007
"""
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.execute("""
ALTER TABLE cases
    ADD COLUMN reassess_on date,
    ADD COLUMN reassess_set_by text CHECK (reassess_set_by IN ('assessment', 'lead')),
    ADD COLUMN reassess_reminded_at timestamptz,
    ADD COLUMN reassess_reminded_for date;
-- The reminder poller's only access path: cases with a date not yet reminded.
CREATE INDEX cases_reassess_due ON cases (reassess_on)
    WHERE reassess_on IS NOT NULL AND reassess_reminded_for IS DISTINCT FROM reassess_on;
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
