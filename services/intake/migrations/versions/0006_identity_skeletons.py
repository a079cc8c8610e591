"""intake: company identity keys become their TR39 confusable skeletons (issue 19), so a register number or web
domain written with look-alike letters finds the company it imitates. Existing keys are recomputed once.

Revision ID: 0006
"""
import sqlalchemy as sa
from alembic import op

from services.intake.domain.identity import compare_key

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, register_number, vat_id, web_domain FROM companies"
                                " WHERE register_number IS NOT NULL OR vat_id IS NOT NULL OR web_domain IS NOT NULL"))
    for row in rows.fetchall():
        conn.execute(sa.text("UPDATE companies SET register_number = :r, vat_id = :v, web_domain = :w WHERE id = :id"),
                     {"id": row.id, "r": compare_key(row.register_number), "v": compare_key(row.vat_id),
                      "w": compare_key(row.web_domain)})


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
