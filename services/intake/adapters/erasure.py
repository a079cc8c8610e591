"""SQL for erasure: what intake removes, and the request's bookkeeping."""
from __future__ import annotations

import uuid

import asyncpg

ERASED = "[erased]"


async def company_enquiries(conn: asyncpg.Connection, reference: str) -> list[asyncpg.Record]:
    """Every enquiry of the company that sent `reference` (a company's data goes as a whole)."""
    return await conn.fetch(
        "SELECT e.id, e.reference, e.company_id FROM enquiries e WHERE e.company_id ="
        " (SELECT company_id FROM enquiries WHERE reference = $1) AND e.erased_at IS NULL",
        reference,
    )


async def retention_due(conn: asyncpg.Connection, *, older_than_days: int, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT id, reference, company_id FROM enquiries WHERE erased_at IS NULL AND status = 'closed'"
        " AND updated_at < now() - make_interval(days => $1) ORDER BY updated_at LIMIT $2",
        older_than_days, limit,
    )


async def erase_enquiries(conn: asyncpg.Connection, enquiry_ids: list[uuid.UUID],
                          company_ids: list[uuid.UUID]) -> int:
    """Remove personal data; keep the reference, status and the consent record (Art. 7(1) evidence)."""
    result = await conn.execute(
        "UPDATE enquiries SET profile = '{}'::jsonb, contact = '{}'::jsonb, open_question = NULL,"
        " erased_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])", enquiry_ids)
    await conn.execute("DELETE FROM enquiry_revisions WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
    await conn.execute("DELETE FROM idempotency_keys WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
    await conn.execute(
        "UPDATE companies SET name = $2, register_number = NULL, vat_id = NULL, web_domain = NULL, updated_at = now()"
        " WHERE id = ANY($1::uuid[])", company_ids, ERASED)
    return int(result.split()[-1])


async def insert_request(conn: asyncpg.Connection, *, request_id: uuid.UUID, references: list[str],
                         reference_hashes: list[str], reason: str) -> None:
    await conn.execute(
        "INSERT INTO erasure_requests (id, reference_hashes, pending_references, enquiry_count, reason)"
        " VALUES ($1,$2,$3,$4,$5)", request_id, reference_hashes, references, len(references), reason)


async def record_service_done(conn: asyncpg.Connection, request_id: uuid.UUID, service: str) -> None:
    await conn.execute(
        "UPDATE erasure_requests SET services_done = array(SELECT DISTINCT unnest(services_done || $2::text))"
        " WHERE id = $1", request_id, service)


async def ready_for_stream_scrub(conn: asyncpg.Connection, services: list[str]) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT id, pending_references FROM erasure_requests WHERE stream_scrubbed_at IS NULL"
        " AND services_done @> $1::text[]",
        services)


async def mark_complete(conn: asyncpg.Connection, request_id: uuid.UUID) -> None:
    await conn.execute("UPDATE erasure_requests SET stream_scrubbed_at = now(), completed_at = now(),"
                       " pending_references = '{}' WHERE id = $1", request_id)


async def get_request(conn: asyncpg.Connection, request_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM erasure_requests WHERE id = $1", request_id)
