"""intake: the consent to be contacted for a re-assessment, and the open invitation to update the answers
(issue 17). Earlier consent records had no such checkbox: false is what those companies agreed to.

Revision ID: 0007
"""
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.execute("""
ALTER TABLE consent_records ADD COLUMN reassessment_contact boolean NOT NULL DEFAULT false;
-- Set while the company is invited to update its answers for a re-assessment; cleared by its amendment.
ALTER TABLE enquiries ADD COLUMN reassessment_invited_for date;
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
