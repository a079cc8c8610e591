"""intake: when the current status was decided, the advisor's open question, and every revision of an enquiry.

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"

SCHEMA = """
-- Decisions (info requested, introduced, closed, reopened, amended) arrive out of order; the newer one wins.
ALTER TABLE enquiries ADD COLUMN status_decided_at timestamptz;
UPDATE enquiries SET status_decided_at = submitted_at;
ALTER TABLE enquiries ALTER COLUMN status_decided_at SET NOT NULL;
ALTER TABLE enquiries ALTER COLUMN status_decided_at SET DEFAULT now();

-- The advisor's latest request for information, shown on the status page while we wait for the company.
ALTER TABLE enquiries ADD COLUMN info_request_id uuid;
ALTER TABLE enquiries ADD COLUMN open_question text;
ALTER TABLE enquiries ADD COLUMN respond_by date;

-- Every version the company sent; enquiries holds the newest (enquiries.revision).
CREATE TABLE enquiry_revisions (
    enquiry_id  uuid NOT NULL REFERENCES enquiries(id),
    revision    integer NOT NULL,
    profile     jsonb NOT NULL,
    contact     jsonb NOT NULL,
    consents    jsonb NOT NULL,
    source      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enquiry_id, revision)
);
INSERT INTO enquiry_revisions (enquiry_id, revision, profile, contact, consents, source, created_at)
    SELECT id, revision, profile, contact, consents, 'migration', submitted_at FROM enquiries;
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
