"""intake: companies, enquiries, consent records, idempotency keys, messaging tables.

Revision ID: 0001
"""
from alembic import op

from shared.messaging.schema import PLUMBING_DDL

revision = "0001"
down_revision = None

SCHEMA = """
CREATE TABLE companies (
    id               uuid PRIMARY KEY,
    name             text NOT NULL,
    register_number  text,
    vat_id           text,
    web_domain       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX companies_register_number ON companies (register_number) WHERE register_number IS NOT NULL;
CREATE INDEX companies_vat_id ON companies (vat_id) WHERE vat_id IS NOT NULL;
CREATE INDEX companies_web_domain ON companies (web_domain) WHERE web_domain IS NOT NULL;

CREATE TABLE enquiries (
    id             uuid PRIMARY KEY,
    reference      text NOT NULL UNIQUE,
    company_id     uuid NOT NULL REFERENCES companies(id),
    is_re_enquiry  boolean NOT NULL DEFAULT false,
    status         text NOT NULL,
    language       text NOT NULL,
    revision       integer NOT NULL DEFAULT 1,
    profile        jsonb NOT NULL,
    contact        jsonb NOT NULL,
    consents       jsonb NOT NULL,
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enquiries_company ON enquiries (company_id);

CREATE TABLE enquiry_status_history (
    id          bigserial PRIMARY KEY,
    enquiry_id  uuid NOT NULL REFERENCES enquiries(id),
    status      text NOT NULL,
    event_id    uuid,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enquiry_status_history_enquiry ON enquiry_status_history (enquiry_id);

-- Art. 7(1) GDPR: we must be able to show what was agreed to, when, and in which wording.
CREATE TABLE consent_records (
    id                   bigserial PRIMARY KEY,
    enquiry_id           uuid NOT NULL REFERENCES enquiries(id),
    text_version         text NOT NULL,
    processing           boolean NOT NULL,
    share_with_partners  jsonb NOT NULL,
    no_classified_info   boolean NOT NULL,
    newsletter           boolean NOT NULL,
    source               text NOT NULL,
    recorded_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE idempotency_keys (
    key           text PRIMARY KEY,
    request_hash  text NOT NULL,
    enquiry_id    uuid NOT NULL REFERENCES enquiries(id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
"""


def upgrade() -> None:
    op.execute(PLUMBING_DDL)
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
