"""intake: erasure requests (GDPR Art. 17) and the retention job's bookkeeping.

Revision ID: 0004
"""
from alembic import op

revision = "0004"
down_revision = "0003"

SCHEMA = """
-- What was asked and who answered; holds hashes of the references, never the erased data.
CREATE TABLE erasure_requests (
    id                  uuid PRIMARY KEY,
    reference_hashes    text[] NOT NULL,
    -- Needed until the stream is scrubbed of these enquiries' events; emptied then.
    pending_references  text[] NOT NULL,
    enquiry_count       integer NOT NULL,
    reason              text NOT NULL CHECK (reason IN ('request', 'retention')),
    services_done       text[] NOT NULL DEFAULT '{}',
    requested_at        timestamptz NOT NULL DEFAULT now(),
    stream_scrubbed_at  timestamptz,
    completed_at        timestamptz
);
ALTER TABLE enquiries ADD COLUMN erased_at timestamptz;
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
