"""advisory: status + Kreis filter walks one index (bench-queue: `status=open&region=<Kreis>` p95 54 ms before).

Revision ID: 0005
"""
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.execute("CREATE INDEX cases_status_kreis_due ON cases (status, kreis, sla_due_at, id)")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
