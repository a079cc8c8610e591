"""advisory: workbench – skills, throttling, saved views, SLA timers, gates, introductions, queue indexes.

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"

SCHEMA = """
ALTER TABLE advisors
    ADD COLUMN team text NOT NULL DEFAULT 'default',
    ADD COLUMN areas text[] NOT NULL DEFAULT '{}',
    ADD COLUMN languages text[] NOT NULL DEFAULT '{de}',
    ADD COLUMN capacity integer NOT NULL DEFAULT 10 CHECK (capacity >= 0),
    ADD COLUMN absent_from date,
    ADD COLUMN absent_until date,
    ADD COLUMN last_assigned_at timestamptz;
-- Round-robin picks the advisor who waited longest for a case.
CREATE INDEX advisors_round_robin ON advisors (last_assigned_at NULLS FIRST, id) WHERE active;

ALTER TABLE cases
    ADD COLUMN regierungsbezirk text,
    ADD COLUMN top_areas text[] NOT NULL DEFAULT '{}',
    ADD COLUMN priority_rank smallint,
    ADD COLUMN assigned_at timestamptz,
    ADD COLUMN sla_warn_at timestamptz,
    ADD COLUMN sla_paused_at timestamptz,
    ADD COLUMN sla_period integer NOT NULL DEFAULT 1,
    ADD COLUMN escalation_next_at timestamptz,
    ADD COLUMN gate_clearances jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN overrides jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN info_request jsonb,
    ADD COLUMN close_reason text;

-- The queue: every list query filters on the active queue and orders by one of these keys with id as the
-- tie-breaker, so a LIMIT query walks an index in order and stops early (benchmarked at 1,000,000 cases).
CREATE INDEX cases_active_due ON cases (sla_due_at, id) WHERE status <> 'awaiting_assessment';
CREATE INDEX cases_active_priority ON cases (priority_rank, sla_due_at, id) WHERE status <> 'awaiting_assessment';
CREATE INDEX cases_active_age ON cases (opened_at, id) WHERE status <> 'awaiting_assessment';
CREATE INDEX cases_status_due ON cases (status, sla_due_at, id);
CREATE INDEX cases_assignee_due ON cases (assignee, sla_due_at, id);
CREATE INDEX cases_band_due ON cases (band, sla_due_at, id);
CREATE INDEX cases_region_due ON cases (regierungsbezirk, sla_due_at, id);
CREATE INDEX cases_kreis_due ON cases (kreis, sla_due_at, id);
CREATE INDEX cases_gates_due ON cases (sla_due_at, id) WHERE open_gates > 0;
CREATE INDEX cases_unassigned_due ON cases (sla_due_at, id) WHERE assignee IS NULL AND status = 'open';
CREATE INDEX cases_top_areas ON cases USING gin (top_areas);
-- The SLA poller's only access path: rows whose next escalation point has come.
CREATE INDEX cases_escalation_next ON cases (escalation_next_at) WHERE escalation_next_at IS NOT NULL;
-- The load count of auto-assignment.
CREATE INDEX cases_assignee_load ON cases (assignee) WHERE status IN ('claimed', 'waiting_for_company');

-- Each escalation level fires once per case and SLA period, whatever crashes or replicas do.
CREATE TABLE sla_escalations (
    case_id   uuid NOT NULL REFERENCES cases(id),
    period    integer NOT NULL,
    level     text NOT NULL CHECK (level IN ('warning', 'breach')),
    fired_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, period, level)
);

CREATE TABLE login_failures (
    id   bigserial PRIMARY KEY,
    key  text NOT NULL,
    at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE saved_views (
    id          uuid PRIMARY KEY,
    owner_id    uuid NOT NULL REFERENCES advisors(id) ON DELETE CASCADE,
    team        text NOT NULL,
    name        text NOT NULL,
    query       jsonb NOT NULL,
    shared      boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (owner_id, name)
);
CREATE INDEX saved_views_team ON saved_views (team) WHERE shared;

CREATE TABLE introductions (
    id            uuid PRIMARY KEY,
    case_id       uuid NOT NULL REFERENCES cases(id),
    partner_id    text NOT NULL,
    partner_name  text NOT NULL,
    token_hash    text NOT NULL,
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    reason        text NOT NULL DEFAULT '',
    approved_by   uuid NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    answered_at   timestamptz,
    outcomes      jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX introductions_case ON introductions (case_id, created_at);
-- A partner is asked at most once per case while the earlier request is not declined.
CREATE UNIQUE INDEX introductions_live ON introductions (case_id, partner_id) WHERE status <> 'declined';
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    raise NotImplementedError("forward-only migrations")
