"""advisory: drop the three first-day queue indexes that later ones extend column for column.

`cases_queue (status, sla_due_at)`, `cases_band (band, sla_due_at)` and `cases_assignee (assignee, sla_due_at)` are
prefixes of `cases_status_due`, `cases_band_due` and `cases_assignee_due` (0002, the same columns plus `id`), which
serve every query they served. Each index is maintained on every non-HOT write of a case, and a case is written on
every event of its path (issue 20, docs/performance.md).

Revision ID: 0014_drop_prefix_indexes
"""
from alembic import op

revision = "0014_drop_prefix_indexes"
down_revision = "0013_case_search_table"


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS cases_queue")
    op.execute("DROP INDEX IF EXISTS cases_band")
    op.execute("DROP INDEX IF EXISTS cases_assignee")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
