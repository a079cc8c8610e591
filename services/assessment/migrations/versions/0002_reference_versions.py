"""assessment: record the partner directory and funding-calls versions of every revision (next to the taxonomy's).

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"

SCHEMA = """
-- NULL for revisions stored before these files were versioned on the row (their result JSON has no version).
ALTER TABLE assessments ADD COLUMN partner_directory_version text;
ALTER TABLE assessments ADD COLUMN funding_calls_version text;
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
