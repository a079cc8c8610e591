"""SQL for the reconciliation sweep."""
from __future__ import annotations

import uuid

import asyncpg


async def confirm_case_opened(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> None:
    await conn.execute("UPDATE enquiries SET case_opened_at = coalesce(case_opened_at, now()) WHERE id = $1",
                       enquiry_id)


async def take_unconfirmed(conn: asyncpg.Connection, *, older_than_s: float, limit: int) -> list[asyncpg.Record]:
    """Enquiries whose case was not confirmed in time, with their published `submitted` event; locks them."""
    return await conn.fetch(
        "SELECT e.id, e.reconciled_count, o.event_id, o.subject, o.envelope, o.correlation_id"
        " FROM enquiries e JOIN outbox o ON o.correlation_id = e.reference AND o.subject = $3"
        " WHERE e.case_opened_at IS NULL AND o.published_at IS NOT NULL"
        "   AND e.submitted_at < now() - make_interval(secs => $1)"
        "   AND (e.last_reconciled_at IS NULL OR e.last_reconciled_at < now() - make_interval(secs => $1))"
        " ORDER BY e.submitted_at LIMIT $2 FOR UPDATE OF e SKIP LOCKED",
        older_than_s, limit, "intake.enquiry.submitted.v1",
    )


async def mark_reconciled(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> None:
    await conn.execute(
        "UPDATE enquiries SET reconciled_count = reconciled_count + 1, last_reconciled_at = now() WHERE id = $1",
        enquiry_id,
    )
