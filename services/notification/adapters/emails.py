"""SQL for the delivery log (outbound_emails)."""
from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from shared.messaging.outbox import OutboxRow, stage_for_each


async def queue_email(conn: asyncpg.Connection, *, message_id: str, event_id: uuid.UUID, correlation_id: str,
                      enquiry_id: uuid.UUID | None, template: str, language: str, recipient: str,
                      recipient_role: str, context: dict[str, Any]) -> bool:
    """Record the intent to send; False if this (event, recipient, template) was queued before."""
    inserted = await conn.fetchval(
        "INSERT INTO outbound_emails (message_id, event_id, correlation_id, enquiry_id, template, language,"
        " recipient, recipient_role, context) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
        " ON CONFLICT DO NOTHING RETURNING true",
        message_id, event_id, correlation_id, enquiry_id, template, language, recipient, recipient_role, context,
    )
    return bool(inserted)


async def claim_due(conn: asyncpg.Connection, *, limit: int, stale_after_s: float, owner: uuid.UUID | None = None,
                    lease_s: float | None = None) -> list[asyncpg.Record]:
    """Mark due emails as 'sending' by `owner` (committed before any SMTP traffic) and return them.

    A row left in 'sending' by a crash is due again once the dispatcher that claimed it has no live lease (it
    stopped renewing it `lease_s` ago: its process died), or else after `stale_after_s`; it is resent with the same
    Message-ID. That is the one window in which a recipient can see a message twice.
    """
    return await conn.fetch(
        "UPDATE outbound_emails SET status = 'sending', claimed_at = now(), claimed_by = $3,"
        " attempts = attempts + 1"
        " WHERE id IN (SELECT id FROM outbound_emails e"
        "   WHERE (status = 'pending' AND next_attempt_at <= now())"
        "      OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2))"
        "      OR (status = 'sending' AND $4::float8 IS NOT NULL AND claimed_by IS NOT NULL AND NOT EXISTS ("
        "            SELECT 1 FROM dispatchers d WHERE d.id = e.claimed_by"
        "             AND d.seen_at > now() - make_interval(secs => $4::float8)))"
        "   ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)"
        " RETURNING *",
        limit, stale_after_s, owner, lease_s,
    )


# Every "after" update is guarded by status = 'sending': if an operator or a stale-claim sweep touched the row
# meanwhile, the later writer does not silently overwrite it.

async def mark_sent(conn: asyncpg.Connection, email_id: int, *, sent_event: OutboxRow) -> bool:
    """'sending' -> 'sent', with its event staged in the outbox, in one statement (atomic on its own: the sooner
    the mark commits after the server's 250, the smaller the window for a resend). False, and nothing staged, if
    it was no longer 'sending'."""
    done = await conn.fetchval(
        "WITH sent AS (UPDATE outbound_emails SET status = 'sent', sent_at = now(), last_error = NULL"
        "   WHERE id = $1 AND status = 'sending' RETURNING id)"
        f" {stage_for_each('sent', first_param=2)} RETURNING true",
        email_id, *sent_event)
    return bool(done)


async def mark_retry(conn: asyncpg.Connection, email_id: int, *, delay_s: float, error: str) -> None:
    await conn.execute(
        "UPDATE outbound_emails SET status = 'pending', next_attempt_at = now() + make_interval(secs => $2),"
        " last_error = $3 WHERE id = $1 AND status = 'sending'",
        email_id, delay_s, error,
    )


async def mark_failed(conn: asyncpg.Connection, email_id: int, *, error: str, failed_event: OutboxRow) -> bool:
    """'sending' -> 'failed', with its event staged in the outbox, in one statement; False, and nothing staged, if
    it was no longer 'sending'."""
    done = await conn.fetchval(
        "WITH failed AS (UPDATE outbound_emails SET status = 'failed', last_error = $2"
        "   WHERE id = $1 AND status = 'sending' RETURNING id)"
        f" {stage_for_each('failed', first_param=3)} RETURNING true",
        email_id, error, *failed_event)
    return bool(done)


async def status_counts(conn: asyncpg.Connection) -> tuple[dict[str, int], float]:
    """Emails per unfinished status, and the age in seconds of the oldest due pending email (0 if none)."""
    rows = await conn.fetch("SELECT status, count(*) AS n FROM outbound_emails WHERE status <> 'sent' GROUP BY status")
    age = await conn.fetchval("SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8"
                              " FROM outbound_emails WHERE status = 'pending'")
    counts = {"pending": 0, "sending": 0, "failed": 0} | {r["status"]: r["n"] for r in rows}
    return counts, float(age)


async def failed_emails(conn: asyncpg.Connection, *, limit: int = 100) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT id, message_id, enquiry_id, correlation_id, template, language, recipient_role, attempts,"
        " operator_retries, last_error, created_at FROM outbound_emails WHERE status = 'failed' ORDER BY id LIMIT $1",
        limit,
    )


async def retry_failed(conn: asyncpg.Connection, email_id: int) -> bool:
    """Operator action: a failed email goes back to pending with its attempts reset; False if not failed."""
    done = await conn.fetchval(
        "UPDATE outbound_emails SET status = 'pending', attempts = 0, next_attempt_at = now(),"
        " operator_retries = operator_retries + 1 WHERE id = $1 AND status = 'failed' RETURNING true",
        email_id,
    )
    if done:
        await conn.execute("SELECT pg_notify('outbound_email', '')")  # wake the dispatcher now, not on its beat
    return bool(done)


async def fail_unsent(conn: asyncpg.Connection, enquiry_ids: list[uuid.UUID], *, reason: str) -> None:
    await conn.execute(
        "UPDATE outbound_emails SET status = 'failed', last_error = $2"
        " WHERE enquiry_id = ANY($1::uuid[]) AND status IN ('pending', 'sending')", enquiry_ids, reason)


async def blank(conn: asyncpg.Connection, enquiry_ids: list[uuid.UUID]) -> int:
    """Erasure: the delivery facts stay, the address and the rendered content go."""
    result = await conn.execute(
        "UPDATE outbound_emails SET recipient = 'erased@invalid', context = '{}'::jsonb"
        " WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
    return int(result.split()[-1])


async def delivery_log(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT message_id, template, language, recipient_role, status, attempts, last_error, created_at, sent_at"
        " FROM outbound_emails WHERE enquiry_id = $1 ORDER BY id",
        enquiry_id,
    )
