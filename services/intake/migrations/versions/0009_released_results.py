"""intake: the assessment result an advisor released to the company (issue 15 item 6), one row per enquiry.

The newest release wins (a higher assessment revision replaces the row; an older one arriving late changes
nothing). The payload is what `advisory.result.released.v1` carries: ids and numbers, rendered on the status page
in the company's language. GDPR erasure deletes the row.

Revision ID: 0009_released_results
"""
from alembic import op

revision = "0009_released_results"
down_revision = "0008"


def upgrade() -> None:
    op.execute("""
CREATE TABLE released_results (
    enquiry_id uuid PRIMARY KEY REFERENCES enquiries(id),
    assessment_revision integer NOT NULL CHECK (assessment_revision >= 1),
    taxonomy_version text NOT NULL,
    result jsonb NOT NULL,
    released_at timestamptz NOT NULL,
    event_id uuid NOT NULL
);
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
