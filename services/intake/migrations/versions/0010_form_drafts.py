"""intake: drafts of the guided form (issue 15 items 2 and 3), their documents and refused uploads.

A draft is never an enquiry. It is found by the hash of the token in the company's cookie or resume link (the token
itself is never stored), expires 30 days after its last save and is purged then (documents with it). On
submission its id and reference become the enquiry's, its documents move to `documents`, its refusals to
`refused_documents`, and the row stays (answers emptied) until it expires, so a second submit finds the enquiry.
Documents get the company's consent to share each one with partners (default: not shared).

Revision ID: 0010_form_drafts
"""
from alembic import op

revision = "0010_form_drafts"
down_revision = "0009_released_results"


def upgrade() -> None:
    op.execute("""
CREATE TABLE drafts (
    id uuid PRIMARY KEY,
    reference text NOT NULL UNIQUE,
    token_hash text NOT NULL UNIQUE,
    answers jsonb NOT NULL DEFAULT '{}'::jsonb,
    language text NOT NULL,
    email text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    submitted_enquiry_id uuid
);
CREATE INDEX drafts_expiry ON drafts (expires_at);
CREATE INDEX drafts_email ON drafts (lower(email)) WHERE email IS NOT NULL;
CREATE TABLE draft_documents (
    id uuid PRIMARY KEY,
    draft_id uuid NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    name text NOT NULL,
    media_type text NOT NULL,
    size_bytes integer NOT NULL CHECK (size_bytes > 0),
    sha256 text NOT NULL,
    content bytea NOT NULL,
    shared_with_partners boolean NOT NULL DEFAULT false,
    uploaded_at timestamptz NOT NULL,
    UNIQUE (draft_id, sha256)
);
CREATE TABLE draft_refused_documents (
    id uuid PRIMARY KEY,
    draft_id uuid NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    name text NOT NULL,
    media_type text NOT NULL,
    size_bytes integer NOT NULL,
    sha256 text NOT NULL,
    mark text NOT NULL,
    found_in text NOT NULL,
    refused_at timestamptz NOT NULL
);
CREATE INDEX draft_refused_documents_draft ON draft_refused_documents (draft_id);
ALTER TABLE documents ADD COLUMN shared_with_partners boolean NOT NULL DEFAULT false;
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
