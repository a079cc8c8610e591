"""advisory: when a case was submitted, first claimed and first introduced (for the stage-duration metrics).

Revision ID: 0003
"""
from alembic import op

revision = "0003"
down_revision = "0002"

SCHEMA = """
ALTER TABLE cases
    ADD COLUMN submitted_at timestamptz,
    ADD COLUMN first_claimed_at timestamptz,
    ADD COLUMN first_introduced_at timestamptz;

-- Cases from before this revision take the times from their history, so no stage is observed a second time.
UPDATE cases c SET submitted_at = t.at
FROM (SELECT case_id, min(at) AS at FROM case_timeline WHERE kind = 'enquiry_submitted' GROUP BY case_id) t
WHERE t.case_id = c.id;
UPDATE cases c SET first_claimed_at = t.at
FROM (SELECT case_id, min(at) AS at FROM case_timeline WHERE kind = 'claimed' GROUP BY case_id) t
WHERE t.case_id = c.id;
UPDATE cases c SET first_introduced_at = i.at
FROM (SELECT case_id, min(created_at) AS at FROM introductions GROUP BY case_id) i
WHERE i.case_id = c.id;
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
