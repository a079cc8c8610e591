"""SQL for cases and their timeline."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg

from shared.messaging.outbox import OutboxRow, stage_for_each

CASE_LIST_COLUMNS = (
    "id, enquiry_id, reference, status, company_name, kreis, regierungsbezirk, sector, band, readiness, open_gates,"
    " priority, assignee, sla_due_at, sla_warn_at, sla_paused_at, opened_at, created_at, updated_at, top_areas"
)
# What the consumers need to decide whether a case can open. Not `*`: profile and assessment are large JSON
# documents, and decoding them on every event was the largest CPU item in advisory's profile (docs/performance.md).
OPENING_COLUMNS = (
    "id, enquiry_id, correlation_id, status, company_name, band, open_gates, gate_clearances, top_areas, language,"
    " assessment IS NOT NULL AS has_assessment"
)


async def upsert_from_enquiry(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, reference: str,
                              correlation_id: str, company_name: str, kreis: str, sector: str, language: str,
                              profile: dict[str, Any], contact: dict[str, Any], consents: dict[str, Any],
                              status_if_new: str, regierungsbezirk: str | None = None,
                              submitted_at: datetime | None = None) -> asyncpg.Record:
    """Create the case or fill in the enquiry part; returns the row after the change. `submitted_at` (when
    intake accepted the enquiry) is kept from the first submission."""
    return await conn.fetchrow(
        "INSERT INTO cases (id, enquiry_id, reference, correlation_id, status, company_name, kreis, sector,"
        " language, profile, contact, consents, regierungsbezirk, submitted_at)"
        " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)"
        " ON CONFLICT (enquiry_id) DO UPDATE SET reference = EXCLUDED.reference,"
        " company_name = EXCLUDED.company_name, kreis = EXCLUDED.kreis, sector = EXCLUDED.sector,"
        " language = EXCLUDED.language, profile = EXCLUDED.profile, contact = EXCLUDED.contact,"
        " consents = EXCLUDED.consents, regierungsbezirk = EXCLUDED.regierungsbezirk,"
        " submitted_at = coalesce(cases.submitted_at, EXCLUDED.submitted_at), updated_at = now(),"
        " version = cases.version + 1"
        f" RETURNING {OPENING_COLUMNS}",
        uuid.uuid4(), enquiry_id, reference, correlation_id, status_if_new, company_name, kreis, sector, language,
        profile, contact, consents, regierungsbezirk, submitted_at,
    )


async def upsert_assessment(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, correlation_id: str,
                            assessment: dict[str, Any], revision: int, band: str, readiness: float,
                            open_gates: int, status_if_new: str,
                            top_areas: list[str] | None = None) -> asyncpg.Record | None:
    """Attach an assessment unless a newer revision is already there; None if it was stale.

    An advisor's override of band or readiness outlives re-assessments; `open_gates` is corrected for
    cleared gates by the caller."""
    return await conn.fetchrow(
        "INSERT INTO cases (id, enquiry_id, correlation_id, status, assessment, assessment_revision, band,"
        " readiness, open_gates, top_areas) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"
        " ON CONFLICT (enquiry_id) DO UPDATE SET assessment = EXCLUDED.assessment,"
        " assessment_revision = EXCLUDED.assessment_revision,"
        " band = coalesce(cases.overrides->'band'->>'value', EXCLUDED.band),"
        " readiness = coalesce((cases.overrides->'readiness'->>'value')::double precision, EXCLUDED.readiness),"
        " open_gates = EXCLUDED.open_gates, top_areas = EXCLUDED.top_areas, updated_at = now(),"
        " version = cases.version + 1"
        " WHERE cases.assessment_revision IS NULL OR cases.assessment_revision < EXCLUDED.assessment_revision"
        f" RETURNING {OPENING_COLUMNS}",
        uuid.uuid4(), enquiry_id, correlation_id, status_if_new, assessment, revision, band, readiness, open_gates,
        top_areas or [],
    )


async def open_case(conn: asyncpg.Connection, *, case_id: uuid.UUID, priority: str, priority_rank: int,
                    sla_due_at: datetime, sla_warn_at: datetime, timeline_data: dict[str, Any],
                    opened_event: OutboxRow) -> asyncpg.Record | None:
    """Move a complete case into the queue, once, with its `case_opened` timeline entry and its event (staged
    only if it opened): one statement, as the case path waits for every round trip (docs/performance.md). The SLA
    timers are stored so they survive restarts. None if it was not waiting to be opened; else its
    `assessment_s` (submitted -> opened, None if unknown)."""
    return await conn.fetchrow(
        "WITH opened AS (UPDATE cases SET status = 'open', priority = $2, priority_rank = $3, sla_due_at = $4,"
        "   sla_warn_at = $5, escalation_next_at = $5, opened_at = now(), updated_at = now(), version = version + 1"
        "   WHERE id = $1 AND status = 'awaiting_assessment'"
        "   RETURNING id, extract(epoch FROM opened_at - submitted_at)::float8 AS assessment_s),"
        " t AS (INSERT INTO case_timeline (case_id, kind, data) SELECT id, 'case_opened', $6 FROM opened),"
        f" o AS ({stage_for_each('opened', first_param=7)})"
        " SELECT assessment_s FROM opened",
        case_id, priority, priority_rank, sla_due_at, sla_warn_at, timeline_data, *opened_event,
    )


async def mark_first_claim(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """Stamp the case's first claim; None if it was claimed before, else its `queue_s` (opened -> claimed)."""
    return await conn.fetchrow(
        "UPDATE cases SET first_claimed_at = now() WHERE id = $1 AND first_claimed_at IS NULL"
        " RETURNING extract(epoch FROM first_claimed_at - opened_at)::float8 AS queue_s", case_id)


async def mark_first_introduction(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """Stamp the case's first introduction; None if it had one before, else its `work_s` (claimed -> introduced,
    None when nobody had claimed it)."""
    return await conn.fetchrow(
        "UPDATE cases SET first_introduced_at = now() WHERE id = $1 AND first_introduced_at IS NULL"
        " RETURNING extract(epoch FROM first_introduced_at - first_claimed_at)::float8 AS work_s", case_id)


async def set_open_gates(conn: asyncpg.Connection, case_id: uuid.UUID, open_gates: int) -> None:
    await conn.execute("UPDATE cases SET open_gates = $2 WHERE id = $1", case_id, open_gates)


async def add_timeline(conn: asyncpg.Connection, *, case_id: uuid.UUID, kind: str, event_id: uuid.UUID | None,
                       actor: str | None = None, data: dict[str, Any] | None = None,
                       at: datetime | None = None) -> None:
    await conn.execute(
        "INSERT INTO case_timeline (case_id, kind, event_id, actor, data, at) VALUES ($1,$2,$3,$4,$5,"
        " coalesce($6, now()))",
        case_id, kind, event_id, actor, data or {}, at,
    )


async def case_id_for_enquiry(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> uuid.UUID | None:
    return await conn.fetchval("SELECT id FROM cases WHERE enquiry_id = $1", enquiry_id)


async def get_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)


async def timeline(conn: asyncpg.Connection, case_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT at, kind, event_id, actor, data FROM case_timeline WHERE case_id = $1 ORDER BY at, id", case_id
    )


async def upsert_from_enquiry_placeholder(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID,
                                          correlation_id: str) -> uuid.UUID:
    """A case row with nothing but its enquiry id, for facts that arrive before the enquiry itself."""
    return await conn.fetchval(
        "INSERT INTO cases (id, enquiry_id, correlation_id, status) VALUES ($1,$2,$3,'awaiting_assessment')"
        " ON CONFLICT (enquiry_id) DO UPDATE SET updated_at = cases.updated_at RETURNING id",
        uuid.uuid4(), enquiry_id, correlation_id,
    )
