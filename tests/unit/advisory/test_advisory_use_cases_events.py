"""Fast tests of advisory's event use cases against the in-memory store: the case's state and the outbox."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.advisory.domain.sla import start_clock
from services.advisory.use_cases.attach_assessment import when_assessment_completed_attach
from services.advisory.use_cases.erase import when_erasure_requested_erase
from services.advisory.use_cases.facts import CaseOpened, FirstClaim, collected
from services.advisory.use_cases.record_message import (
    when_message_failed_add_to_timeline,
    when_message_sent_add_to_timeline,
)
from services.advisory.use_cases.resume_sla import when_enquiry_amended_resume
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.gdpr import ErasureRequestedV1
from shared.contracts.notification import MessageFailedV1, MessageSentV1

from .case_events import amended, assessed, envelope, submitted
from .fakes import FakeCaseStore


async def _assess(store: FakeCaseStore, clock: FrozenClock, enquiry_id: uuid.UUID, **kw: object) -> None:
    a = assessed(enquiry_id, **kw)  # type: ignore[arg-type]
    reference = a.submission.enquiry.reference if a.submission else "DN-2026-TEST"  # the correlation id
    await when_assessment_completed_attach(envelope(a, subjects.ASSESSMENT_COMPLETED, reference=reference), store,
                                           clock=clock)


async def _submit_and_assess(store: FakeCaseStore, clock: FrozenClock, **kw: object) -> uuid.UUID:
    """A submission now and its first assessment, which carries it (ADR 14)."""
    e = submitted()
    await _assess(store, clock, e.enquiry_id, submission=e, submitted_at=clock.now(), **kw)
    return e.enquiry_id


async def test_the_first_assessment_creates_the_case_from_its_submission(store: FakeCaseStore,
                                                                        clock: FrozenClock) -> None:
    e = submitted()
    submitted_at = clock.now()
    clock.advance(timedelta(minutes=3))
    with collected() as facts:
        await _assess(store, clock, e.enquiry_id, submission=e, submitted_at=submitted_at, band="A")
    [case] = store.cases.values()
    assert case["enquiry_id"] == e.enquiry_id and case["reference"] == e.reference
    assert case["regierungsbezirk"] == "Düsseldorf" and case["company_name"].startswith("Bergische")
    assert case["submitted_at"] == submitted_at and case["contact"]["email"] == str(e.contact.email)
    assert "submission" not in case["assessment"]  # the case keeps one copy of the enquiry, its own
    sla = start_clock(clock.now(), "high")
    assert case["status"] == "open" and case["priority"] == "high" and case["top_areas"] == ["CA03", "CA01"]
    assert (case["sla_due_at"], case["sla_warn_at"], case["escalation_next_at"]) == (sla.due_at, sla.warn_at,
                                                                                     sla.warn_at)
    opened = store.outbox.only(subjects.CASE_OPENED)
    assert opened.payload.case_id == case["id"] and opened.payload.sla_due_at == sla.due_at
    assert opened.envelope.occurred_at == clock.now() and opened.envelope.correlation_id == case["reference"]
    assert store.kinds(case["id"]) == ["enquiry_submitted", "assessed", "case_opened"]
    assert store.timeline[0]["at"] == submitted_at  # the timeline starts when intake accepted the enquiry
    assert facts == [CaseOpened(assessment_s=180.0)]


async def test_a_newer_revision_may_come_first_and_the_first_still_brings_the_profile(store: FakeCaseStore,
                                                                                      clock: FrozenClock) -> None:
    e = submitted()
    await _assess(store, clock, e.enquiry_id, revision=2, open_gates=("G3",))
    [case] = store.cases.values()
    assert case["status"] == "awaiting_assessment" and case["assessment_revision"] == 2 and case["open_gates"] == 1
    await _assess(store, clock, e.enquiry_id, revision=1, submission=e)  # late, but the only one with the enquiry
    assert case["assessment_revision"] == 2 and case["company_name"].startswith("Bergische")
    assert case["status"] == "open" and case["priority"] == "high"  # band B with an open gate
    assert store.outbox.subjects == [subjects.CASE_OPENED]
    assert store.kinds(case["id"]) == ["assessed", "enquiry_submitted", "case_opened"]


async def test_an_opened_case_goes_to_a_matching_free_advisor_at_once(store: FakeCaseStore,
                                                                    clock: FrozenClock) -> None:
    store.add_advisor("Wrong", areas=("CA13",))
    anna = store.add_advisor("Anna", areas=("CA03",), languages=("de", "en"))
    with collected() as facts:
        await _submit_and_assess(store, clock)
    [case] = store.cases.values()
    assert case["assignee"] == anna and case["status"] == "claimed"
    assert store.outbox.subjects == [subjects.CASE_OPENED, subjects.CASE_CLAIMED]
    assert store.outbox.only(subjects.CASE_CLAIMED).payload.assigned_by == "auto"
    assert facts == [CaseOpened(assessment_s=0.0), FirstClaim(queue_s=0.0)]


async def test_an_auto_assignment_names_the_assignee_and_the_case_link_for_notification(
        store: FakeCaseStore, clock: FrozenClock) -> None:
    store.add_advisor("Ben", areas=("CA03",), languages=("en", "de"))
    e = submitted()
    await when_assessment_completed_attach(envelope(assessed(e.enquiry_id, submission=e),
                                                    subjects.ASSESSMENT_COMPLETED), store,
                                           clock=clock, ui_base_url="https://advisory.example")
    [case] = store.cases.values()
    claimed = store.outbox.only(subjects.CASE_CLAIMED).payload
    assert claimed.assigned_by == "auto" and claimed.case_url == f"https://advisory.example/cases/{case['id']}"
    assert claimed.assignee is not None
    assert (claimed.assignee.email, claimed.assignee.name, claimed.assignee.language) == (
        "ben@example.org", "Ben", "en")


async def test_a_gate_a_lead_cleared_stays_cleared_on_reassessment(store: FakeCaseStore, clock: FrozenClock) -> None:
    enquiry_id = await _submit_and_assess(store, clock, open_gates=("G3",))
    [case] = store.cases.values()
    case["gate_clearances"] = {"G3": {"reason": "BAFA"}}
    await _assess(store, clock, enquiry_id, revision=2, open_gates=("G3",))
    assert case["open_gates"] == 0 and case["assessment_revision"] == 2


async def test_an_amendment_resumes_the_paused_sla_clock_by_the_time_it_was_paused(store: FakeCaseStore,
                                                                                  clock: FrozenClock) -> None:
    e = submitted()
    sla = start_clock(clock.now(), "normal")
    case = store.add_case(enquiry_id=e.enquiry_id, status="waiting_for_company", assignee=uuid.uuid4(),
                          sla_due_at=sla.due_at, sla_warn_at=sla.warn_at, sla_paused_at=clock.now(),
                          info_request={"question": "?"})
    clock.advance(timedelta(days=1))  # Tuesday: one business day paused
    await when_enquiry_amended_resume(envelope(amended(e, message="Losgrößen 10-500"), subjects.ENQUIRY_AMENDED),
                                      store, clock=clock)
    assert case["status"] == "claimed" and case["sla_paused_at"] is None and case["info_request"] is None
    assert case["sla_due_at"] == sla.due_at + timedelta(days=1) and case["escalation_next_at"] == case["sla_warn_at"]
    assert case["profile"]["message"] == "Losgrößen 10-500"
    assert store.kinds(case["id"]) == ["enquiry_amended", "sla_resumed"] and store.outbox.subjects == []


async def test_an_amendment_before_its_enquiry_is_retried(store: FakeCaseStore, clock: FrozenClock) -> None:
    with pytest.raises(RuntimeError):
        await when_enquiry_amended_resume(envelope(amended(submitted(), message="x"), subjects.ENQUIRY_AMENDED),
                                          store, clock=clock)


async def test_emails_before_the_case_wait_and_its_creation_moves_them_onto_the_timeline(
        store: FakeCaseStore, clock: FrozenClock) -> None:
    e = submitted()
    sent = MessageSentV1.model_validate({"message_id": str(uuid.uuid4()), "enquiry_id": str(e.enquiry_id),
                                         "template": "acknowledgement", "language": "de", "recipient_role": "company"})
    await when_message_sent_add_to_timeline(envelope(sent, subjects.MESSAGE_SENT), store)
    failed = MessageFailedV1.model_validate({"message_id": str(uuid.uuid4()), "enquiry_id": str(e.enquiry_id),
                                             "template": "acknowledgement", "recipient_role": "company",
                                             "permanent": True, "error": "550"})
    await when_message_failed_add_to_timeline(envelope(failed, subjects.MESSAGE_FAILED), store)
    assert store.cases == {} and [line["kind"] for line in store.pending_timeline] == ["email_sent", "email_failed"]
    assert store.held == [e.enquiry_id, e.enquiry_id]  # each under the lock the creation takes too
    await _assess(store, clock, e.enquiry_id, submission=e)
    [case] = store.cases.values()
    assert case["status"] == "open" and store.pending_timeline == []
    assert store.kinds(case["id"]) == ["enquiry_submitted", "email_sent", "email_failed", "assessed", "case_opened"]
    assert store.timeline[2]["data"]["permanent"] is True


async def test_an_email_after_the_case_exists_goes_straight_onto_its_timeline(store: FakeCaseStore) -> None:
    case = store.add_case()
    sent = MessageSentV1.model_validate({"message_id": str(uuid.uuid4()), "enquiry_id": str(case["enquiry_id"]),
                                         "template": "case_closed", "language": "de", "recipient_role": "company"})
    await when_message_sent_add_to_timeline(envelope(sent, subjects.MESSAGE_SENT), store)
    assert store.kinds(case["id"]) == ["email_sent"] and store.pending_timeline == []


async def test_erasure_scrubs_the_cases_and_answers_with_the_count(store: FakeCaseStore) -> None:
    case = store.add_case(profile={"company": {"name": "X"}}, contact={"email": "a@b.de"})
    await store.add_timeline(case_id=case["id"], kind="note", event_id=None, data={"text": "Frau Krämer rief an"})
    other = store.add_case(company_name="Bleibt")
    request = ErasureRequestedV1(request_id=uuid.uuid4(), enquiry_ids=[case["enquiry_id"]], references=["DN-X"])
    await when_erasure_requested_erase(envelope(request, subjects.ERASURE_REQUESTED), store)
    assert case["company_name"] == "[erased]" and case["profile"] == {} and case["contact"] == {}
    assert store.timeline[0]["data"] == {"erased": True} and other["company_name"] == "Bleibt"
    assert store.erased_references == ["DN-X"]
    done = store.outbox.only(subjects.ERASURE_COMPLETED["advisory"])
    assert done.payload.items_erased == 1 and done.payload.service == "advisory"
