"""SQL for cases and their timeline."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg

CASE_LIST_COLUMNS = (
    "id, enquiry_id, reference, status, company_name, kreis, sector, band, readiness, open_gates, priority,"
    " assignee, sla_due_at, opened_at, created_at, updated_at"
)


async def upsert_from_enquiry(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, reference: str,
                              correlation_id: str, company_name: str, kreis: str, sector: str, language: str,
                              profile: dict[str, Any], contact: dict[str, Any], consents: dict[str, Any],
                              status_if_new: str) -> asyncpg.Record:
    """Create the case or fill in the enquiry part; returns the row after the change."""
    return await conn.fetchrow(
        "INSERT INTO cases (id, enquiry_id, reference, correlation_id, status, company_name, kreis, sector,"
        " language, profile, contact, consents) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)"
        " ON CONFLICT (enquiry_id) DO UPDATE SET reference = EXCLUDED.reference,"
        " company_name = EXCLUDED.company_name, kreis = EXCLUDED.kreis, sector = EXCLUDED.sector,"
        " language = EXCLUDED.language, profile = EXCLUDED.profile, contact = EXCLUDED.contact,"
        " consents = EXCLUDED.consents, updated_at = now(), version = cases.version + 1"
        " RETURNING *",
        uuid.uuid4(), enquiry_id, reference, correlation_id, status_if_new, company_name, kreis, sector, language,
        profile, contact, consents,
    )


async def upsert_assessment(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, correlation_id: str,
                            assessment: dict[str, Any], revision: int, band: str, readiness: float,
                            open_gates: int, status_if_new: str) -> asyncpg.Record | None:
    """Attach an assessment unless a newer revision is already there; None if it was stale."""
    return await conn.fetchrow(
        "INSERT INTO cases (id, enquiry_id, correlation_id, status, assessment, assessment_revision, band,"
        " readiness, open_gates) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
        " ON CONFLICT (enquiry_id) DO UPDATE SET assessment = EXCLUDED.assessment,"
        " assessment_revision = EXCLUDED.assessment_revision, band = EXCLUDED.band,"
        " readiness = EXCLUDED.readiness, open_gates = EXCLUDED.open_gates, updated_at = now(),"
        " version = cases.version + 1"
        " WHERE cases.assessment_revision IS NULL OR cases.assessment_revision < EXCLUDED.assessment_revision"
        " RETURNING *",
        uuid.uuid4(), enquiry_id, correlation_id, status_if_new, assessment, revision, band, readiness, open_gates,
    )


async def open_case(conn: asyncpg.Connection, *, case_id: uuid.UUID, priority: str, sla_due_at: datetime) -> bool:
    """Move a complete case into the queue, once."""
    result = await conn.execute(
        "UPDATE cases SET status = 'open', priority = $2, sla_due_at = $3, opened_at = now(), updated_at = now(),"
        " version = version + 1 WHERE id = $1 AND status = 'awaiting_assessment'",
        case_id, priority, sla_due_at,
    )
    return result.endswith(" 1")


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


async def list_cases(conn: asyncpg.Connection, *, status: str | None, band: str | None, limit: int,
                     offset: int) -> tuple[list[asyncpg.Record], int]:
    where, args = [], []
    if status:
        args.append(status)
        where.append(f"status = ${len(args)}")
    else:
        where.append("status <> 'awaiting_assessment'")
    if band:
        args.append(band)
        where.append(f"band = ${len(args)}")
    clause = " AND ".join(where)
    total = await conn.fetchval(f"SELECT count(*) FROM cases WHERE {clause}", *args)
    rows = await conn.fetch(
        f"SELECT {CASE_LIST_COLUMNS} FROM cases WHERE {clause}"
        f" ORDER BY sla_due_at NULLS LAST, created_at LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}",
        *args, limit, offset,
    )
    return rows, total


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
