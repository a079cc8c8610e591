"""advisory: cases, timeline, advisors, sessions, messaging tables.

Revision ID: 0001
"""
from alembic import op

from shared.messaging.schema import PLUMBING_DDL

revision = "0001"
down_revision = None

SCHEMA = """
CREATE TABLE cases (
    id              uuid PRIMARY KEY,
    enquiry_id      uuid NOT NULL UNIQUE,
    reference       text,
    correlation_id  text NOT NULL,
    status          text NOT NULL,
    company_name    text,
    kreis           text,
    sector          text,
    language        text,
    profile         jsonb,
    contact         jsonb,
    consents        jsonb,
    assessment      jsonb,
    assessment_revision integer,
    band            text,
    readiness       double precision,
    open_gates      integer,
    priority        text,
    assignee        uuid,
    sla_due_at      timestamptz,
    opened_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1
);
CREATE INDEX cases_queue ON cases (status, sla_due_at);
CREATE INDEX cases_band ON cases (band, sla_due_at);
CREATE INDEX cases_assignee ON cases (assignee, sla_due_at);

CREATE TABLE case_timeline (
    id        bigserial PRIMARY KEY,
    case_id   uuid NOT NULL REFERENCES cases(id),
    at        timestamptz NOT NULL DEFAULT now(),
    kind      text NOT NULL,
    event_id  uuid,
    actor     text,
    data      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX case_timeline_case ON case_timeline (case_id, at);

CREATE TABLE advisors (
    id             uuid PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    name           text NOT NULL,
    role           text NOT NULL CHECK (role IN ('advisor', 'lead', 'operator', 'admin')),
    password_hash  text NOT NULL,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    id_hash       text PRIMARY KEY,
    advisor_id    uuid NOT NULL REFERENCES advisors(id) ON DELETE CASCADE,
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_advisor ON sessions (advisor_id);
"""


def upgrade() -> None:
    op.execute(PLUMBING_DDL)
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
