"""advisory: the outbox keeps envelopes as uncompressed JSON text, and a case's assessment (~18 KB) is stored
without pglz compression (issue 20, round 4; see shared/messaging/schema.py).

Revision ID: 0016_uncompressed_documents
"""
from alembic import op

from shared.messaging.schema import OUTBOX_ENVELOPE_AS_TEXT, uncompressed

revision = "0016_uncompressed_documents"
down_revision = "0015_pending_timeline"


def upgrade() -> None:
    op.execute(OUTBOX_ENVELOPE_AS_TEXT)
    op.execute(uncompressed("cases", "assessment"))


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
