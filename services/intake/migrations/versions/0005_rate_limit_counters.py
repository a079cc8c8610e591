"""intake: per-client rate-limit counters shared by every replica (one row per client and window).

Revision ID: 0005
"""
from alembic import op

revision = "0005"
down_revision = "0004"

SCHEMA = """
-- UNLOGGED: a counter lost in a crash only gives a client a fresh window; no WAL for every form post.
CREATE UNLOGGED TABLE rate_limit_counters (
    key         text PRIMARY KEY,
    hits        integer NOT NULL,
    expires_at  timestamptz NOT NULL
);
"""


def upgrade() -> None:
    op.execute(SCHEMA)
