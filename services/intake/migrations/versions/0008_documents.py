"""intake: documents attached to an enquiry, and the record of refused (classified) uploads (issue 15).

A refused upload is never stored: only its name, hash and the mark found are kept for the record (gate G6).

Revision ID: 0008
"""
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.execute("""
CREATE TABLE documents (
    id uuid PRIMARY KEY,
    enquiry_id uuid NOT NULL REFERENCES enquiries(id),
    name text NOT NULL,
    media_type text NOT NULL,
    size_bytes integer NOT NULL CHECK (size_bytes > 0),
    sha256 text NOT NULL,
    content bytea NOT NULL,
    uploaded_at timestamptz NOT NULL,
    -- the same file twice on one enquiry is one document (a retried upload)
    UNIQUE (enquiry_id, sha256)
);
CREATE TABLE refused_documents (
    id uuid PRIMARY KEY,
    enquiry_id uuid NOT NULL REFERENCES enquiries(id),
    name text NOT NULL,
    media_type text NOT NULL,
    size_bytes integer NOT NULL,
    sha256 text NOT NULL,
    mark text NOT NULL,
    found_in text NOT NULL,
    refused_at timestamptz NOT NULL
);
CREATE INDEX refused_documents_enquiry ON refused_documents (enquiry_id);
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
