"""intake's enquiry use cases with in-memory fakes: submitting, following the case's progress, amending."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel

from services.intake.domain.status import EnquiryStatus
from services.intake.domain.submission import EnquirySubmission
from services.intake.use_cases import follow_progress as progress
from services.intake.use_cases.amend import NotAmendable, amend_enquiry
from services.intake.use_cases.submit import Accepted, IdempotencyConflict, submit_enquiry
from shared.contracts import subjects
from shared.contracts.advisory import (
    CaseClaimedV1,
    CaseClosedV1,
    CaseOpenedV1,
    CaseReopenedV1,
    InformationRequestedV1,
    IntroducedPartner,
    IntroductionApprovedV1,
)
from shared.contracts.envelope import Envelope, new_envelope
from tests.support.test_data import unique_enquiry

from .fakes import FakeIntakeStore, FakeUnitOfWork, FrozenClock


def submission(**company: Any) -> EnquirySubmission:
    return EnquirySubmission.model_validate(unique_enquiry(**company))


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def store(clock: FrozenClock) -> FakeIntakeStore:
    return FakeIntakeStore(clock)


async def submit(store: FakeIntakeStore, sent: EnquirySubmission | None = None, *, key: str | None = None,
                 source: str = "api") -> Accepted:
    return await submit_enquiry(FakeUnitOfWork(store), sent or submission(), idempotency_key=key, source=source,
                                clock=store.clock, status_url=lambda eid: f"http://intake.test/status/{eid}")


def event(payload: BaseModel, subject: str, *, at: Any = None) -> Envelope[Any]:
    return new_envelope(payload, subject=subject, producer="advisory", correlation_id="DN-TEST", occurred_at=at)


async def test_an_accepted_enquiry_is_stored_with_its_submitted_event(store: FakeIntakeStore) -> None:
    accepted = await submit(store, source="form")
    enquiry = store.enquiries[accepted.enquiry_id]
    assert enquiry.status == EnquiryStatus.RECEIVED and enquiry.revision == 1 and not enquiry.is_re_enquiry
    assert accepted.reference.startswith(f"DN-{store.clock.now().year}-")
    assert store.consent_records == [(accepted.enquiry_id, "form")]
    assert store.revisions == [(accepted.enquiry_id, 1, "submission")]
    staged = store.outbox.only(subjects.ENQUIRY_SUBMITTED)
    assert staged.payload.enquiry_id == accepted.enquiry_id and staged.payload.company_id == enquiry.company_id
    assert staged.envelope.correlation_id == accepted.reference
    assert staged.envelope.occurred_at == store.clock.now()
    assert staged.payload.status_url == f"http://intake.test/status/{accepted.enquiry_id}"


async def test_a_re_enquiry_joins_the_company_and_its_event_says_so(store: FakeIntakeStore) -> None:
    sent = submission()
    first = await submit(store, sent)
    company = store.enquiries[first.enquiry_id].company_id
    again = submission(vat_id=sent.company.vat_id)  # the stored key is its TR39 skeleton, not the input
    second = await submit(store, again)
    assert store.enquiries[second.enquiry_id].company_id == company
    events = [s.payload for s in store.outbox.staged]
    assert [(e.company_id, e.is_re_enquiry) for e in events] == [(company, False), (company, True)]


async def test_the_same_idempotency_key_and_body_answer_as_the_first_time(store: FakeIntakeStore) -> None:
    sent = submission()
    first = await submit(store, sent, key="k1")
    again = await submit(store, sent, key="k1")
    assert again == Accepted(first.enquiry_id, first.reference, replayed=True)
    assert len(store.enquiries) == 1 and store.outbox.subjects == [subjects.ENQUIRY_SUBMITTED]


async def test_an_idempotency_key_reused_with_another_body_is_refused_and_leaves_nothing(
        store: FakeIntakeStore) -> None:
    await submit(store, key="k1")
    with pytest.raises(IdempotencyConflict):
        await submit(store, key="k1")
    assert len(store.enquiries) == 1 and len(store.companies) == 1 and len(store.outbox.staged) == 1


def _progress_event(kind: str, enquiry_id: uuid.UUID) -> Envelope[Any]:
    case_id = uuid.uuid4()
    if kind == "opened":
        return event(CaseOpenedV1(case_id=case_id, enquiry_id=enquiry_id, priority="normal",
                                  sla_due_at=datetime(2026, 3, 3, tzinfo=UTC)), subjects.CASE_OPENED)
    return event(CaseClaimedV1(case_id=case_id, enquiry_id=enquiry_id, assignee_id=uuid.uuid4()),
                 subjects.CASE_CLAIMED)


@pytest.mark.parametrize(("use_case", "kind", "expected"), [
    (progress.when_case_opened_update_status, "opened", EnquiryStatus.IN_ASSESSMENT),
    (progress.when_case_claimed_show_with_advisor, "claimed", EnquiryStatus.WITH_ADVISOR),
])
async def test_progress_events_lift_the_early_status(store: FakeIntakeStore, use_case: Any, kind: str,
                                                     expected: EnquiryStatus) -> None:
    accepted = await submit(store)
    envelope = _progress_event(kind, accepted.enquiry_id)
    await use_case(envelope, store)
    assert store.enquiries[accepted.enquiry_id].status == expected
    assert store.status_history[-1] == (accepted.enquiry_id, expected, envelope.event_id)
    assert store.outbox.subjects == [subjects.ENQUIRY_SUBMITTED], "following the case publishes nothing"


async def closed_enquiry(store: FakeIntakeStore) -> Accepted:
    accepted = await submit(store)
    closed = CaseClosedV1(case_id=uuid.uuid4(), enquiry_id=accepted.enquiry_id, reason_code="other")
    await progress.when_case_closed_show_closed(
        event(closed, subjects.CASE_CLOSED, at=store.clock.now() + timedelta(seconds=1)), store)
    return accepted


async def test_progress_never_overrides_an_advisors_decision(store: FakeIntakeStore) -> None:
    accepted = await closed_enquiry(store)
    await progress.when_case_claimed_show_with_advisor(_progress_event("claimed", accepted.enquiry_id), store)
    assert store.enquiries[accepted.enquiry_id].status == EnquiryStatus.CLOSED


async def test_a_case_opened_event_confirms_the_case_for_the_reconciliation(store: FakeIntakeStore) -> None:
    accepted = await submit(store)
    await progress.when_case_opened_update_status(_progress_event("opened", accepted.enquiry_id), store)
    assert store.enquiries[accepted.enquiry_id].case_opened_at == store.clock.now()


async def test_decisions_apply_in_the_order_they_happened_not_as_they_arrive(store: FakeIntakeStore) -> None:
    accepted = await submit(store)
    ids = {"case_id": uuid.uuid4(), "enquiry_id": accepted.enquiry_id}
    t0 = store.clock.now() + timedelta(minutes=1)
    ask = InformationRequestedV1(**ids, request_id=uuid.uuid4(), question="Welche Losgrößen?",
                                 respond_by=date(2027, 1, 15))
    await progress.when_information_requested_wait_for_company(event(ask, subjects.INFO_REQUESTED, at=t0), store)
    enquiry = store.enquiries[accepted.enquiry_id]
    assert (enquiry.status, enquiry.open_question, enquiry.respond_by) == (
        EnquiryStatus.WAITING_FOR_YOU, "Welche Losgrößen?", date(2027, 1, 15))
    await progress.when_case_reopened_show_with_advisor(
        event(CaseReopenedV1(**ids), subjects.CASE_REOPENED, at=t0 + timedelta(seconds=10)), store)
    await progress.when_case_closed_show_closed(
        event(CaseClosedV1(**ids, reason_code="other"), subjects.CASE_CLOSED, at=t0 + timedelta(seconds=5)), store)
    assert enquiry.status == EnquiryStatus.WITH_ADVISOR, "the older close arrived late and is ignored"
    partner = IntroducedPartner(introduction_id=uuid.uuid4(), partner_id="defence-nrw", partner_name="DEFENCE.NRW",
                                accept_url="http://a", decline_url="http://d")
    await progress.when_introduction_approved_show_introduced(
        event(IntroductionApprovedV1(**ids, partners=[partner]), subjects.INTRODUCTION_APPROVED,
              at=t0 + timedelta(seconds=20)), store)
    assert enquiry.status == EnquiryStatus.INTRODUCED
    old = InformationRequestedV1(**ids, request_id=uuid.uuid4(), question="old", respond_by=date(2027, 1, 1))
    await progress.when_information_requested_wait_for_company(event(old, subjects.INFO_REQUESTED, at=t0), store)
    assert (enquiry.status, enquiry.open_question) == (EnquiryStatus.INTRODUCED, "Welche Losgrößen?")


async def test_events_about_an_unknown_enquiry_change_nothing(store: FakeIntakeStore) -> None:
    ids = {"case_id": uuid.uuid4(), "enquiry_id": uuid.uuid4()}
    await progress.when_case_claimed_show_with_advisor(
        event(CaseClaimedV1(**ids, assignee_id=uuid.uuid4()), subjects.CASE_CLAIMED), store)
    await progress.when_case_closed_show_closed(event(CaseClosedV1(**ids, reason_code="other"),
                                                      subjects.CASE_CLOSED), store)
    assert store.status_history == [] and store.outbox.staged == []


async def _waiting_for_answer(store: FakeIntakeStore) -> Accepted:
    accepted = await submit(store)
    ask = InformationRequestedV1(case_id=uuid.uuid4(), enquiry_id=accepted.enquiry_id, request_id=uuid.uuid4(),
                                 question="Prüfeinrichtungen?", respond_by=date(2027, 3, 1))
    await progress.when_information_requested_wait_for_company(
        event(ask, subjects.INFO_REQUESTED, at=store.clock.now() + timedelta(minutes=5)), store)
    return accepted


async def test_an_amendment_answers_the_question_and_is_published(store: FakeIntakeStore,
                                                                  clock: FrozenClock) -> None:
    accepted = await _waiting_for_answer(store)
    asked_at = store.enquiries[accepted.enquiry_id].status_decided_at
    changed = submission()
    amended = await amend_enquiry(FakeUnitOfWork(store), accepted.enquiry_id, changed, clock=clock)
    enquiry = store.enquiries[accepted.enquiry_id]
    assert amended.revision == 2 and enquiry.revision == 2 and enquiry.status == EnquiryStatus.WITH_ADVISOR
    assert enquiry.open_question is None and enquiry.respond_by is None
    # The question's time is ahead of the clock here: the amendment still counts as the newer decision.
    assert enquiry.status_decided_at == asked_at > clock.now()
    assert store.revisions[-1] == (accepted.enquiry_id, 2, "amendment")
    assert store.consent_records[-1] == (accepted.enquiry_id, "amendment-form")
    staged = store.outbox.only(subjects.ENQUIRY_AMENDED)
    assert staged.payload.revision == 2 and staged.payload.profile == changed.profile()
    assert staged.envelope.correlation_id == accepted.reference


async def test_an_amendment_long_after_the_question_is_decided_at_the_clocks_time(store: FakeIntakeStore,
                                                                                clock: FrozenClock) -> None:
    accepted = await _waiting_for_answer(store)
    clock.advance(timedelta(days=3))
    await amend_enquiry(FakeUnitOfWork(store), accepted.enquiry_id, submission(), clock=clock)
    assert store.enquiries[accepted.enquiry_id].status_decided_at == clock.now()
    assert store.outbox.only(subjects.ENQUIRY_AMENDED).envelope.occurred_at == clock.now()


async def test_an_enquiry_nobody_asked_about_cannot_be_amended(store: FakeIntakeStore, clock: FrozenClock) -> None:
    accepted = await submit(store)
    with pytest.raises(NotAmendable):
        await amend_enquiry(FakeUnitOfWork(store), accepted.enquiry_id, submission(), clock=clock)
    with pytest.raises(NotAmendable):
        await amend_enquiry(FakeUnitOfWork(store), uuid.uuid4(), submission(), clock=clock)
    assert store.enquiries[accepted.enquiry_id].revision == 1
    assert store.outbox.subjects == [subjects.ENQUIRY_SUBMITTED]


async def test_a_new_enquiry_answers_questionnaire_2_and_an_amendment_keeps_the_first_one(
        store: FakeIntakeStore, clock: FrozenClock) -> None:
    accepted = await _waiting_for_answer(store)
    assert store.outbox.only(subjects.ENQUIRY_SUBMITTED).payload.profile.questionnaire == 2
    # An enquiry of questionnaire 1 (before ADR 13) is amended through today's form: it keeps questionnaire 1, and
    # with it its taxonomy.
    store.enquiries[accepted.enquiry_id].profile.pop("questionnaire")
    await amend_enquiry(FakeUnitOfWork(store), accepted.enquiry_id, submission(), clock=clock)
    assert store.outbox.only(subjects.ENQUIRY_AMENDED).payload.profile.questionnaire == 1
