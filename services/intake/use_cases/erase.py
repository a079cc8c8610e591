"""Use cases: GDPR erasure (Art. 17) and retention, coordinated by intake.

1. `request_erasure` removes the company's personal data from intake and publishes
   `intake.erasure.requested.v1` (ids and references only) in the same transaction.
2. assessment, advisory and notification remove theirs and answer `<service>.erasure.completed.v1`
   (`when_erasure_completed_record`).
3. When all three answered, `finish_erasures` deletes every event of those enquiries from the stream, so no
   copy of the data is left in NATS either. Only hashes of the references stay, as the audit record.
Retention: closed enquiries older than the retention period are erased the same way (`apply_retention`).
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.gdpr import ErasureCompletedV1, ErasureRequestedV1

from ..domain.erasure import reference_hash, retention_cutoff
from . import PRODUCER
from .ports import ErasableEnquiry, ErasureStore, EventStream, UnitOfWork

log = logging.getLogger(__name__)
DOWNSTREAM = sorted(subjects.ERASURE_COMPLETED)


async def _erase(store: ErasureStore, enquiries: Sequence[ErasableEnquiry], *, reason: str,
                 clock: Clock) -> uuid.UUID:
    references = [e.reference for e in enquiries]
    await store.erase_personal_data(enquiries)
    request_id = uuid.uuid4()
    await store.record_erasure_request(request_id=request_id, references=references,
                                       reference_hashes=[reference_hash(r) for r in references], reason=reason)
    event = ErasureRequestedV1(request_id=request_id, enquiry_ids=[e.id for e in enquiries], references=references)
    # Correlated by request: the enquiries' references are about to disappear from the stream.
    envelope = new_envelope(event, subject=subjects.ERASURE_REQUESTED, producer=PRODUCER,
                            correlation_id=f"erasure-{request_id}", occurred_at=clock.now())
    await store.outbox.add(envelope, subjects.ERASURE_REQUESTED)
    return request_id


async def request_erasure(uow: UnitOfWork[ErasureStore], reference: str, *, clock: Clock) -> uuid.UUID | None:
    """Erase everything about the company behind `reference`; None if there is nothing (left) to erase."""
    async with uow.transaction() as store:
        enquiries = await store.company_enquiries(reference)
        if not enquiries:
            return None
        return await _erase(store, enquiries, reason="request", clock=clock)


async def apply_retention(uow: UnitOfWork[ErasureStore], *, clock: Clock, retention_days: int,
                          limit: int = 100) -> int:
    """Erase closed enquiries past the retention period; return how many."""
    async with uow.transaction() as store:
        due = await store.retention_due(closed_before=retention_cutoff(clock.now(), retention_days=retention_days),
                                        limit=limit)
        if due:
            await _erase(store, due, reason="retention", clock=clock)
    return len(due)


async def when_erasure_completed_record(envelope: Envelope[ErasureCompletedV1], store: ErasureStore) -> None:
    await store.record_service_done(envelope.payload.request_id, envelope.payload.service)


async def finish_erasures(uow: UnitOfWork[ErasureStore], stream: EventStream) -> int:
    """Scrub the stream for every request all services have answered; return how many were completed."""
    async with uow.autocommit() as store:
        answered = await store.answered_erasures(DOWNSTREAM)
    if not answered:
        return 0
    async with stream.session() as session:
        for erasure in answered:
            deleted = await session.delete_events_of(set(erasure.pending_references))
            async with uow.autocommit() as store:
                await store.mark_erasure_complete(erasure.request_id)
            log.info("erasure complete",
                     extra={"fields": {"request_id": str(erasure.request_id), "stream_deleted": deleted}})
    return len(answered)
