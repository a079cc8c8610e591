"""assessment: assessments (one row per revision), messaging tables.

Revision ID: 0001
"""
from alembic import op

from shared.messaging.schema import PLUMBING_DDL

revision = "0001"
down_revision = None

SCHEMA = """
-- Every revision is kept: the advisor can see how an amendment changed the result.
CREATE TABLE assessments (
    id                uuid PRIMARY KEY,
    enquiry_id        uuid NOT NULL,
    revision          integer NOT NULL,
    correlation_id    text NOT NULL,
    taxonomy_version  text NOT NULL,
    band              text NOT NULL,
    readiness_percent double precision NOT NULL,
    result            jsonb NOT NULL,
    inputs            jsonb NOT NULL,
    caused_by         uuid NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enquiry_id, revision)
);
"""


def upgrade() -> None:
    op.execute(PLUMBING_DDL)
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
