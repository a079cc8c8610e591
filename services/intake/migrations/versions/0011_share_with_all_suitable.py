"""intake: the consent to share the profile with all suitable partners (questionnaire 2, issue 15). Earlier consent
records had only named partners: false is what those companies agreed to.

Revision ID: 0011_share_with_all_suitable
"""
from alembic import op

revision = "0011_share_with_all_suitable"
down_revision = "0010_form_drafts"


def upgrade() -> None:
    op.execute("ALTER TABLE consent_records ADD COLUMN share_with_all_suitable boolean NOT NULL DEFAULT false")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
