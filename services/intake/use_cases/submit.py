"""Use case: accept an enquiry from the form or the JSON API."""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from shared.clock import Clock, today_utc
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import EnquirySubmittedV1

from ..domain.identity import identity_keys
from ..domain.reference import new_reference
from ..domain.status import EnquiryStatus
from ..domain.submission import EnquirySubmission
from . import PRODUCER
from .ports import EnquiryStore, UnitOfWork


@dataclass(frozen=True)
class Accepted:
    enquiry_id: uuid.UUID
    reference: str
    replayed: bool = False


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""


class _Replay(Exception):
    def __init__(self, accepted: Accepted) -> None:
        self.accepted = accepted


def request_hash(submission: EnquirySubmission) -> str:
    canonical = json.dumps(submission.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# A placeholder in the `submitted` event until the store decides the company (EnquiryStore.store_submission).
_COMPANY_DECIDED_BY_STORE = uuid.UUID(int=0)


async def submit_enquiry(uow: UnitOfWork[EnquiryStore], submission: EnquirySubmission, *,
                         idempotency_key: str | None, source: str, clock: Clock,
                         status_url: Callable[[uuid.UUID], str]) -> Accepted:
    """Store the enquiry, its consent record and its `submitted` event atomically.

    Without an Idempotency-Key that is one store call (one round trip); with one, the key is claimed in the same
    transaction, and a replay rolls everything back and answers as the first time."""
    if idempotency_key is None:
        async with uow.autocommit() as store:
            return await store_enquiry(store, submission, source=source, clock=clock, status_url=status_url)
    try:
        async with uow.transaction() as store:
            accepted = await store_enquiry(store, submission, source=source, clock=clock, status_url=status_url)
            await _claim(store, idempotency_key, request_hash(submission), accepted)
            return accepted
    except _Replay as replay:  # the transaction was rolled back; answer as the first time
        return replay.accepted


async def _claim(store: EnquiryStore, key: str, digest: str, accepted: Accepted) -> None:
    earlier = await store.claim_idempotency_key(key=key, request_hash=digest, enquiry_id=accepted.enquiry_id)
    if earlier is not None:
        if earlier.request_hash != digest:
            raise IdempotencyConflict(key)
        raise _Replay(Accepted(earlier.enquiry_id, earlier.reference, replayed=True))


async def store_enquiry(store: EnquiryStore, submission: EnquirySubmission, *, source: str, clock: Clock,
                 status_url: Callable[[uuid.UUID], str], enquiry_id: uuid.UUID | None = None,
                 reference: str | None = None) -> Accepted:
    """`enquiry_id` and `reference` are new unless given (a submitted draft keeps its own)."""
    enquiry_id, reference = enquiry_id or uuid.uuid4(), reference or new_reference(today_utc(clock))
    event = EnquirySubmittedV1(
        enquiry_id=enquiry_id, reference=reference, company_id=_COMPANY_DECIDED_BY_STORE, is_re_enquiry=False,
        status_url=status_url(enquiry_id), profile=submission.profile(), contact=submission.contact,
        consents=submission.consents,
    )
    envelope = new_envelope(event, subject=subjects.ENQUIRY_SUBMITTED, producer=PRODUCER, correlation_id=reference,
                            occurred_at=clock.now())
    await store.store_submission(company_name=submission.company.name, keys=identity_keys(submission.company),
                                 status=EnquiryStatus.RECEIVED, source=source, submitted=envelope)
    return Accepted(enquiry_id, reference)
