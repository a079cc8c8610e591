"""assessment: uploads intake refused for a classification marking, for gate G6 (issue 15). Only name, mark,
where it was found and the hash: the file itself never left intake.

Revision ID: 0003
"""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.execute("""
CREATE TABLE classified_uploads (
    document_id uuid PRIMARY KEY,
    enquiry_id uuid NOT NULL,
    name text NOT NULL,
    mark text NOT NULL,
    found_in text NOT NULL,
    sha256 text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX classified_uploads_enquiry ON classified_uploads (enquiry_id);
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
