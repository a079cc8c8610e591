"""The delivery log (outbound_emails) as the dispatcher and operators use it (use_cases/ports.py)."""
from __future__ import annotations

import uuid
from dataclasses import fields
from typing import Any

import asyncpg

from shared.contracts.envelope import Envelope
from shared.messaging import dead_letters
from shared.messaging.outbox import outbox_values

from ..domain.delivery import Backlog, QueuedEmail
from . import emails

_QUEUED_FIELDS = tuple(f.name for f in fields(QueuedEmail))


class PgOutboundEmails:
    """OutboundEmails on the pool: every call takes a connection for one short transaction of its own."""

    def __init__(self, pool: asyncpg.Pool, *, owner: uuid.UUID | None = None, lease_s: float | None = None) -> None:
        """`owner`: the dispatcher whose lease (adapters/dispatcher_lease.py) guards what it claims; `lease_s`: how
        long a lease lasts unrenewed."""
        self._pool = pool
        self._owner = owner
        self._lease_s = lease_s

    async def claim_due(self, *, limit: int, stale_after_s: float) -> list[QueuedEmail]:
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await emails.claim_due(conn, limit=limit, stale_after_s=stale_after_s, owner=self._owner,
                                          lease_s=self._lease_s)
        return [QueuedEmail(**{name: row[name] for name in _QUEUED_FIELDS}) for row in rows]

    async def mark_sent(self, email_id: int, *, event: Envelope[Any], subject: str) -> bool:
        async with self._pool.acquire() as conn:
            return await emails.mark_sent(conn, email_id, sent_event=outbox_values(event, subject))

    async def mark_retry(self, email_id: int, *, delay_s: float, error: str) -> None:
        async with self._pool.acquire() as conn:
            await emails.mark_retry(conn, email_id, delay_s=delay_s, error=error)

    async def mark_failed(self, email_id: int, *, error: str, event: Envelope[Any], subject: str) -> bool:
        async with self._pool.acquire() as conn:
            return await emails.mark_failed(conn, email_id, error=error, failed_event=outbox_values(event, subject))

    async def backlog(self) -> Backlog:
        async with self._pool.acquire() as conn:
            by_status, oldest_pending_s = await emails.status_counts(conn)
            open_dead_letters = await dead_letters.count_open(conn)
        return Backlog(by_status=by_status, oldest_pending_s=oldest_pending_s, open_dead_letters=open_dead_letters)


class PgFailedEmails:
    """FailedEmails on one connection (an operator's request or CLI run)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def requeue(self, email_id: int) -> bool:
        return await emails.retry_failed(self._conn, email_id)
