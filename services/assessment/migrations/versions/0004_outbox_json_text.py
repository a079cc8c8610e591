"""assessment: the outbox keeps envelopes as uncompressed JSON text (issue 20, round 4; see shared/messaging/schema.py).

Revision ID: 0004
"""
from alembic import op

from shared.messaging.schema import OUTBOX_ENVELOPE_AS_TEXT

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.execute(OUTBOX_ENVELOPE_AS_TEXT)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
