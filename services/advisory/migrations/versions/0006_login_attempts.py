"""advisory: login attempts as an audit log that also drives throttling per (account, address) pair.

`counted` failures make a pair wait; a successful login or a lead's reset stops them counting but keeps the row
for the audit log. The old per-account/per-IP `login_failures` table could lock anyone out (issue 19).

Revision ID: 0006
"""
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.execute("""
CREATE TABLE login_attempts (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    email    text NOT NULL,
    address  text NOT NULL,
    outcome  text NOT NULL CHECK (outcome IN ('failed', 'refused', 'succeeded', 'reset')),
    counted  boolean NOT NULL DEFAULT false,
    actor_id uuid
);
CREATE INDEX login_attempts_counted ON login_attempts (address, email, at) WHERE counted;
CREATE INDEX login_attempts_at ON login_attempts (at);
DROP TABLE login_failures;
""")


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
