"""SQL for stored assessments."""
from __future__ import annotations

import uuid
from typing import Any

import asyncpg


async def next_revision(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> int:
    # Serialise revisions of one enquiry: two amendments processed at once must not both take revision n.
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))", str(enquiry_id))
    current = await conn.fetchval("SELECT max(revision) FROM assessments WHERE enquiry_id = $1", enquiry_id)
    return (current or 0) + 1


async def insert(conn: asyncpg.Connection, *, assessment_id: uuid.UUID, enquiry_id: uuid.UUID, revision: int,
                 correlation_id: str, taxonomy_version: str, band: str, readiness_percent: float,
                 result: dict[str, Any], inputs: dict[str, Any], caused_by: uuid.UUID) -> None:
    await conn.execute(
        "INSERT INTO assessments (id, enquiry_id, revision, correlation_id, taxonomy_version, band,"
        " readiness_percent, result, inputs, caused_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
        assessment_id, enquiry_id, revision, correlation_id, taxonomy_version, band, readiness_percent, result,
        inputs, caused_by,
    )


async def latest(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM assessments WHERE enquiry_id = $1 ORDER BY revision DESC LIMIT 1", enquiry_id
    )


async def revisions(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT id, revision, taxonomy_version, band, readiness_percent, created_at FROM assessments"
        " WHERE enquiry_id = $1 ORDER BY revision", enquiry_id,
    )
