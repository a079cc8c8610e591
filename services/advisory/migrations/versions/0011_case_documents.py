"""advisory: the documents of a company's enquiry as intake announced them (issue 16): clean ones (downloadable
through a signed intake link) and refused classified uploads (a record only). Never the content.

Keyed by enquiry: the document events can arrive before the case exists. Erased with the company's data.

Revision ID: 0011_case_documents
"""
from alembic import op

revision = "0011_case_documents"
down_revision = "0010_result_released"


def upgrade() -> None:
    op.execute("""
CREATE TABLE case_documents (
    document_id  uuid PRIMARY KEY,
    enquiry_id   uuid NOT NULL,
    name         text NOT NULL,
    media_type   text NOT NULL,
    size_bytes   bigint NOT NULL,
    sha256       text NOT NULL,
    refused      boolean NOT NULL DEFAULT false,
    mark         text,
    found_in     text,
    added_at     timestamptz NOT NULL
);
CREATE INDEX case_documents_enquiry ON case_documents (enquiry_id, added_at);
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
