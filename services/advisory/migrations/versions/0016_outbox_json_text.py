"""advisory: the outbox keeps envelopes as uncompressed JSON text (issue 20, round 4; see shared/messaging/schema.py).

Revision ID: 0016_outbox_json_text
"""
from alembic import op

from shared.messaging.schema import OUTBOX_ENVELOPE_AS_TEXT

revision = "0016_outbox_json_text"
down_revision = "0015_pending_timeline"


def upgrade() -> None:
    op.execute(OUTBOX_ENVELOPE_AS_TEXT)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
