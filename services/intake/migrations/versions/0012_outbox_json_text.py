"""intake: the outbox keeps envelopes as uncompressed JSON text (issue 20, round 4; see shared/messaging/schema.py).

Revision ID: 0012_outbox_json_text
"""
from alembic import op

from shared.messaging.schema import OUTBOX_ENVELOPE_AS_TEXT

revision = "0012_outbox_json_text"
down_revision = "0011_share_with_all_suitable"


def upgrade() -> None:
    op.execute(OUTBOX_ENVELOPE_AS_TEXT)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
