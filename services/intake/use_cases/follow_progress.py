"""Use cases: the company's status follows its enquiry through assessment and advisory (domain/status.py)."""
from __future__ import annotations

import uuid
from typing import Any

from shared.contracts.advisory import (
    CaseClaimedV1,
    CaseClosedV1,
    CaseOpenedV1,
    CaseReopenedV1,
    InformationRequestedV1,
    IntroductionApprovedV1,
    ReassessmentDueV1,
)
from shared.contracts.envelope import Envelope

from ..domain.status import EnquiryStatus, after_decision, after_progress
from .ports import EnquiryStore, LockedEnquiry


async def _progress(store: EnquiryStore, enquiry_id: uuid.UUID, proposed: EnquiryStatus,
                    event_id: uuid.UUID) -> None:
    await _progress_locked(store, await store.lock_enquiry(enquiry_id), proposed, event_id)


async def _progress_locked(store: EnquiryStore, enquiry: LockedEnquiry | None, proposed: EnquiryStatus,
                           event_id: uuid.UUID) -> None:
    if enquiry is None:
        return  # erased or never ours; nothing to follow
    new = after_progress(enquiry.state, proposed)
    if new != enquiry.state:
        await store.set_status(enquiry_id=enquiry.id, status=new.status, event_id=event_id, decided_at=new.decided_at)


async def _decide(store: EnquiryStore, envelope: Envelope[Any], proposed: EnquiryStatus) -> bool:
    """Apply an advisor's decision unless a newer one already stands; True if it was applied."""
    enquiry = await store.lock_enquiry(envelope.payload.enquiry_id)
    if enquiry is None:
        return False
    new = after_decision(enquiry.state, proposed, occurred_at=envelope.occurred_at)
    if new == enquiry.state:
        return False
    await store.set_status(enquiry_id=enquiry.id, status=new.status, event_id=envelope.event_id,
                           decided_at=new.decided_at)
    return True


async def when_case_opened_update_status(envelope: Envelope[CaseOpenedV1], store: EnquiryStore) -> None:
    enquiry = await store.confirm_case_opened(envelope.payload.enquiry_id)
    # "In assessment" from here: intake no longer follows assessment.completed as well, a second delivery for the
    # same status one hop earlier (ADR 12). In the queue but not yet claimed; a claim moves it on.
    await _progress_locked(store, enquiry, EnquiryStatus.IN_ASSESSMENT, envelope.event_id)


async def when_case_claimed_show_with_advisor(envelope: Envelope[CaseClaimedV1], store: EnquiryStore) -> None:
    await _progress(store, envelope.payload.enquiry_id, EnquiryStatus.WITH_ADVISOR, envelope.event_id)


async def when_information_requested_wait_for_company(envelope: Envelope[InformationRequestedV1],
                                                      store: EnquiryStore) -> None:
    payload = envelope.payload
    if await _decide(store, envelope, EnquiryStatus.WAITING_FOR_YOU):
        await store.set_open_question(enquiry_id=payload.enquiry_id, request_id=payload.request_id,
                                      question=payload.question, respond_by=payload.respond_by)


async def when_introduction_approved_show_introduced(envelope: Envelope[IntroductionApprovedV1],
                                                     store: EnquiryStore) -> None:
    await _decide(store, envelope, EnquiryStatus.INTRODUCED)


async def when_case_closed_show_closed(envelope: Envelope[CaseClosedV1], store: EnquiryStore) -> None:
    await _decide(store, envelope, EnquiryStatus.CLOSED)


async def when_case_reopened_show_with_advisor(envelope: Envelope[CaseReopenedV1], store: EnquiryStore) -> None:
    await _decide(store, envelope, EnquiryStatus.WITH_ADVISOR)


async def when_reassessment_due_invite_company(envelope: Envelope[ReassessmentDueV1], store: EnquiryStore) -> None:
    """The company agreed to be asked: its status page waits for its updated answers (the amendment form)."""
    payload = envelope.payload
    if not payload.invite_company:
        return
    if await _decide(store, envelope, EnquiryStatus.WAITING_FOR_YOU):
        await store.invite_to_update(enquiry_id=payload.enquiry_id, due_on=payload.due_on)
