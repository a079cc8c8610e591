"""GDPR erasure (Art. 17) and retention, coordinated by intake.

1. `request_erasure` removes the company's personal data from intake and publishes
   `intake.erasure.requested.v1` (ids and references only) in the same transaction.
2. assessment, advisory and notification remove theirs and answer `<service>.erasure.completed.v1`.
3. When all three answered, `finish_erasures` deletes every event of those enquiries from the stream, so no
   copy of the data is left in NATS either. Only hashes of the references stay, as the audit record.
Retention: closed enquiries older than `retention_days` are erased the same way.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from typing import Any

import asyncpg
import nats

from shared.contracts import subjects
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.gdpr import ErasureCompletedV1, ErasureRequestedV1
from shared.gdpr import scrub_messaging_tables, scrub_stream
from shared.messaging.outbox import add_to_outbox
from shared.service import Runtime

from .adapters import erasure as repo

log = logging.getLogger(__name__)
DOWNSTREAM = sorted(subjects.ERASURE_COMPLETED)


def _hash(reference: str) -> str:
    return hashlib.sha256(reference.encode()).hexdigest()


async def _erase(conn: asyncpg.Connection, rows: list[asyncpg.Record], reason: str) -> uuid.UUID:
    references = [r["reference"] for r in rows]
    enquiry_ids = [r["id"] for r in rows]
    await repo.erase_enquiries(conn, enquiry_ids, list({r["company_id"] for r in rows}))
    await scrub_messaging_tables(conn, references)
    request_id = uuid.uuid4()
    await repo.insert_request(conn, request_id=request_id, references=references,
                              reference_hashes=[_hash(r) for r in references], reason=reason)
    event = ErasureRequestedV1(request_id=request_id, enquiry_ids=enquiry_ids, references=references)
    await add_to_outbox(conn, new_envelope(event, subject=subjects.ERASURE_REQUESTED, producer="intake",
                                           correlation_id=f"erasure-{request_id}"), subjects.ERASURE_REQUESTED)
    return request_id


async def request_erasure(pool: asyncpg.Pool, reference: str) -> uuid.UUID | None:
    """Erase everything about the company behind `reference`; None if there is nothing (left) to erase."""
    async with pool.acquire() as conn, conn.transaction():
        rows = await repo.company_enquiries(conn, reference)
        if not rows:
            return None
        return await _erase(conn, rows, "request")


async def apply_retention(pool: asyncpg.Pool, *, older_than_days: int, limit: int = 100) -> int:
    """Erase closed enquiries past the retention period; return how many."""
    async with pool.acquire() as conn, conn.transaction():
        rows = await repo.retention_due(conn, older_than_days=older_than_days, limit=limit)
        if rows:
            await _erase(conn, rows, "retention")
    return len(rows)


async def when_erasure_completed_record(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    done: ErasureCompletedV1 = envelope.payload
    await repo.record_service_done(conn, done.request_id, done.service)


async def finish_erasures(runtime: Runtime) -> int:
    """Scrub the stream for every request all services have answered; return how many were completed."""
    async with runtime.require_pool().acquire() as conn:
        ready = await repo.ready_for_stream_scrub(conn, DOWNSTREAM)
    if not ready:
        return 0
    nc = await nats.connect(servers=runtime.settings.nats_servers, connect_timeout=5, max_reconnect_attempts=2)
    try:
        js = nc.jetstream()
        for row in ready:
            deleted = await scrub_stream(js, set(row["pending_references"]))
            async with runtime.require_pool().acquire() as conn:
                await repo.mark_complete(conn, row["id"])
            log.info("erasure complete", extra={"fields": {"request_id": str(row["id"]), "stream_deleted": deleted}})
    finally:
        await nc.close()
    return len(ready)


def erasure_tasks(*, interval_s: float, retention_days: int):  # noqa: ANN201 - BackgroundTasks
    async def finish_erasures_forever(runtime: Runtime) -> None:
        await _every(interval_s, lambda: finish_erasures(runtime), "erasure finisher")

    async def retention_forever(runtime: Runtime) -> None:
        await _every(3600, lambda: apply_retention(runtime.require_pool(), older_than_days=retention_days),
                     "retention job")

    return [finish_erasures_forever, retention_forever]


async def _every(interval_s: float, job, name: str) -> None:  # noqa: ANN001
    while True:
        await asyncio.sleep(interval_s)
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("%s failed; will retry", name, exc_info=True)
