"""advisory: indexes for the queue's combined filters and its capped total.

Measured with `make bench-queue` (1,000,000 cases): `status=open&band=A` combined two indexes in a BitmapAnd
(p95 509 ms) and `band=C` scanned the table for its count. These let both the page and the count walk one index.

Revision ID: 0004
"""
from alembic import op

revision = "0004"
down_revision = "0003"

SCHEMA = """
CREATE INDEX cases_status_band_due ON cases (status, band, sla_due_at, id);
CREATE INDEX cases_active_band_due ON cases (band, sla_due_at, id) WHERE status <> 'awaiting_assessment';
CREATE INDEX cases_active_kreis_due ON cases (kreis, sla_due_at, id) WHERE status <> 'awaiting_assessment';
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
