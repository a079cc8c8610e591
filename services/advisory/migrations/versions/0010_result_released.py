"""advisory: which assessment revision's result was released to the company, and when (issue 15 item 6).

A re-assessment brings a higher `assessment_revision`; the case page offers to release again while
`result_released_revision` is behind it.

Revision ID: 0010_result_released
"""
from alembic import op

revision = "0010_result_released"
down_revision = "0009"


def upgrade() -> None:
    op.execute("""
ALTER TABLE cases
    ADD COLUMN result_released_revision integer,
    ADD COLUMN result_released_at timestamptz;
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
