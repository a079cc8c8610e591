"""intake's use cases: accept an enquiry; follow its progress from downstream events (amending: amendment.py)."""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.advisory import CaseClaimedV1, CaseOpenedV1, InformationRequestedV1
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import EnquirySubmittedV1
from shared.messaging.outbox import outbox_values

from .adapters import reconciliation as reconciliation_repo
from .adapters import repository as repo
from .domain.identity import identity_keys
from .domain.reference import new_reference
from .domain.status import EnquiryStatus, StatusState, after_decision, after_progress
from .domain.submission import EnquirySubmission

PRODUCER = "intake"


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


# Placeholders in the `submitted` event until the storing statement decides them (repo.store_submission).
_COMPANY_DECIDED_IN_SQL = uuid.UUID(int=0)


async def submit_enquiry(pool: asyncpg.Pool, submission: EnquirySubmission, *, idempotency_key: str | None,
                         source: str, today: date, status_url: Callable[[uuid.UUID], str]) -> Accepted:
    """Store the enquiry, its consent record and its `submitted` event atomically.

    Without an Idempotency-Key that is one statement (one round trip); with one, the key is claimed in the same
    transaction, and a replay rolls everything back and answers as the first time."""
    async with pool.acquire() as conn:
        if idempotency_key is None:
            return await _store(conn, submission, source=source, today=today, status_url=status_url)
        try:
            async with conn.transaction():
                accepted = await _store(conn, submission, source=source, today=today, status_url=status_url)
                await _claim(conn, idempotency_key, request_hash(submission), accepted)
                return accepted
        except _Replay as replay:  # the transaction was rolled back; answer as the first time
            return replay.accepted


async def _claim(conn: asyncpg.Connection, key: str, digest: str, accepted: Accepted) -> None:
    earlier = await repo.claim_idempotency_key(conn, key=key, request_hash=digest, enquiry_id=accepted.enquiry_id)
    if earlier is not None:
        if earlier["request_hash"] != digest:
            raise IdempotencyConflict(key)
        raise _Replay(Accepted(earlier["enquiry_id"], earlier["reference"], replayed=True))


async def _store(conn: asyncpg.Connection, submission: EnquirySubmission, *, source: str, today: date,
                 status_url: Callable[[uuid.UUID], str]) -> Accepted:
    enquiry_id, reference = uuid.uuid4(), new_reference(today)
    profile = submission.profile()
    event = EnquirySubmittedV1(
        enquiry_id=enquiry_id, reference=reference, company_id=_COMPANY_DECIDED_IN_SQL, is_re_enquiry=False,
        status_url=status_url(enquiry_id), profile=profile, contact=submission.contact, consents=submission.consents,
    )
    envelope = new_envelope(event, subject=subjects.ENQUIRY_SUBMITTED, producer=PRODUCER, correlation_id=reference)
    staged = outbox_values(envelope, subjects.ENQUIRY_SUBMITTED)
    event_json = staged.envelope["payload"]  # the stored columns are the event's own JSON, dumped once
    await repo.store_submission(
        conn, name=submission.company.name, keys=identity_keys(submission.company), enquiry_id=enquiry_id,
        reference=reference, status=EnquiryStatus.RECEIVED, language=submission.contact.language,
        profile=event_json["profile"], contact=event_json["contact"], consents=event_json["consents"],
        source=source, submitted_event=staged,
    )
    return Accepted(enquiry_id, reference)


async def _progress(conn: asyncpg.Connection, enquiry_id: uuid.UUID, proposed: EnquiryStatus,
                    event_id: uuid.UUID) -> None:
    row = await repo.lock_enquiry(conn, enquiry_id)
    if row is None:
        return  # erased or never ours; nothing to follow
    current = StatusState(EnquiryStatus(row["status"]), row["status_decided_at"])
    new = after_progress(current, proposed)
    if new != current:
        await repo.set_status(conn, enquiry_id=enquiry_id, status=new.status, event_id=event_id,
                              decided_at=new.decided_at)


async def _decide(conn: asyncpg.Connection, envelope: Envelope[Any], proposed: EnquiryStatus) -> bool:
    """Apply an advisor's decision unless a newer one already stands; True if it was applied."""
    row = await repo.lock_enquiry(conn, envelope.payload.enquiry_id)
    if row is None:
        return False
    current = StatusState(EnquiryStatus(row["status"]), row["status_decided_at"])
    new = after_decision(current, proposed, occurred_at=envelope.occurred_at)
    if new == current:
        return False
    await repo.set_status(conn, enquiry_id=row["id"], status=new.status, event_id=envelope.event_id,
                          decided_at=new.decided_at)
    return True


async def when_assessment_completed_update_status(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    payload: AssessmentCompletedV1 = envelope.payload
    await _progress(conn, payload.enquiry_id, EnquiryStatus.IN_ASSESSMENT, envelope.event_id)


async def when_case_opened_update_status(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    payload: CaseOpenedV1 = envelope.payload
    await reconciliation_repo.confirm_case_opened(conn, payload.enquiry_id)
    # In the queue but not yet claimed: still "in assessment" for the company; a claim moves it on.
    await _progress(conn, payload.enquiry_id, EnquiryStatus.IN_ASSESSMENT, envelope.event_id)


async def when_case_claimed_show_with_advisor(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    payload: CaseClaimedV1 = envelope.payload
    await _progress(conn, payload.enquiry_id, EnquiryStatus.WITH_ADVISOR, envelope.event_id)


async def when_information_requested_wait_for_company(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    payload: InformationRequestedV1 = envelope.payload
    if await _decide(conn, envelope, EnquiryStatus.WAITING_FOR_YOU):
        await repo.set_open_question(conn, enquiry_id=payload.enquiry_id, request_id=payload.request_id,
                                     question=payload.question, respond_by=payload.respond_by)


async def when_introduction_approved_show_introduced(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    await _decide(conn, envelope, EnquiryStatus.INTRODUCED)


async def when_case_closed_show_closed(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    await _decide(conn, envelope, EnquiryStatus.CLOSED)


async def when_case_reopened_show_with_advisor(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    await _decide(conn, envelope, EnquiryStatus.WITH_ADVISOR)
