"""The re-assessment timer (issue 17) with the in-memory store and a FrozenClock: the date from the development
track, a lead's date, one reminder per date to the right people, the company invited only with its consent."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.advisory.domain.reassessment import ReassessmentTimer, after_assessment, is_due
from services.advisory.domain.rules import Actor, Refused
from services.advisory.use_cases.attach_assessment import when_assessment_completed_attach
from services.advisory.use_cases.remind_reassessment import remind_reassessments
from services.advisory.use_cases.set_reassessment import set_reassessment
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.advisory import ReassessmentDueV1
from shared.contracts.assessment import RouteDecision

from .case_events import BASE_URL, assessed, envelope
from .fakes import FakeCaseStore, FakeUnitOfWork

DUE = date(2026, 9, 1)


def _band_c(enquiry_id: uuid.UUID, *, revision: int = 1, reassess_on: date | None = DUE) -> Any:
    route = RouteDecision(route="development_track", band="C", rule="route.band_c", reassess_on=reassess_on)
    return assessed(enquiry_id, revision=revision, band="C").model_copy(update={"route": route})


async def _attach(store: FakeCaseStore, clock: FrozenClock, payload: Any) -> None:
    await when_assessment_completed_attach(envelope(payload, subjects.ASSESSMENT_COMPLETED), store, clock=clock)


def _lead(store: FakeCaseStore, role: str = "lead", team: str = "default") -> Actor:
    name = f"{role.title()}{uuid.uuid4().hex[:4]}"
    return Actor(id=store.add_advisor(name, role=role, team=team), name=name, role=role)


async def _remind(store: FakeCaseStore, clock: FrozenClock) -> list[ReassessmentDueV1]:
    before = len(store.outbox.staged)
    await remind_reassessments(FakeUnitOfWork(store), clock=clock, ui_base_url=BASE_URL)
    return [e.envelope.payload for e in store.outbox.staged[before:] if e.subject == subjects.REASSESSMENT_DUE]


async def test_a_band_c_assessment_dates_the_re_assessment(store: FakeCaseStore, clock: FrozenClock) -> None:
    case = store.add_case(status="closed")
    await _attach(store, clock, _band_c(case["enquiry_id"], revision=2))
    assert (case["reassess_on"], case["reassess_set_by"]) == (DUE, "assessment")
    assert [e["data"].get("reassess_on") for e in store.timeline if e["kind"] == "assessed"] == [DUE.isoformat()]


async def test_the_assignee_is_reminded_once_on_the_date_and_not_before(store: FakeCaseStore,
                                                                      clock: FrozenClock) -> None:
    holder = store.add_advisor("Anna", languages=("en", "de"))
    case = store.add_case(status="claimed", assignee=holder, reassess_on=DUE, reassess_set_by="assessment")
    clock.advance(datetime(2026, 8, 31, 21, 59, tzinfo=UTC) - clock.now())  # 23:59 in Berlin, the day before
    assert await _remind(store, clock) == []
    clock.advance(timedelta(minutes=1))  # midnight in Berlin: due, although it is still 31 August in UTC
    [event] = await _remind(store, clock)
    assert (event.case_id, event.due_on, event.assignee_id, event.invite_company) == (case["id"], DUE, holder, False)
    assert [(a.name, a.language) for a in event.advisors] == [("Anna", "en")]
    assert event.case_url == f"{BASE_URL}/cases/{case['id']}" and event.reference == case["reference"]
    clock.advance(timedelta(days=3))
    assert await _remind(store, clock) == []  # once per due date
    assert store.kinds(case["id"]) == ["reassessment_due"]
    assert case["reassess_reminded_for"] == DUE and case["reassess_reminded_at"] is not None


async def test_unassigned_cases_remind_the_leads_and_nobody_is_reminded_about_an_empty_team(
        store: FakeCaseStore, clock: FrozenClock) -> None:
    store.add_advisor("Lena", role="lead")
    store.add_case(status="open", reassess_on=DUE, reassess_set_by="assessment")
    clock.advance(timedelta(days=200))
    [event] = await _remind(store, clock)
    assert [a.name for a in event.advisors] == ["Lena"] and event.assignee_id is None


async def test_without_anybody_to_tell_the_date_is_recorded_as_unrouted(store: FakeCaseStore,
                                                                      clock: FrozenClock) -> None:
    case = store.add_case(status="closed", reassess_on=DUE, reassess_set_by="assessment")
    clock.advance(timedelta(days=200))
    assert await _remind(store, clock) == []
    assert store.kinds(case["id"]) == ["reassessment_unrouted"] and case["reassess_reminded_for"] == DUE


@pytest.mark.parametrize(("consents", "company_name", "invited"), [
    ({"reassessment_contact": True}, "Testfirma", True),
    ({"reassessment_contact": False}, "Testfirma", False),
    ({}, "Testfirma", False),  # enquiries from before the consent existed
    ({"reassessment_contact": True}, "[erased]", False),
])
async def test_the_company_is_invited_only_with_its_consent(store: FakeCaseStore, clock: FrozenClock,
                                                           consents: dict, company_name: str, invited: bool) -> None:
    store.add_advisor("Lena", role="lead")
    store.add_case(status="closed", consents=consents, company_name=company_name, reassess_on=DUE,
                   reassess_set_by="assessment")
    clock.advance(timedelta(days=200))
    [event] = await _remind(store, clock)
    assert event.invite_company is invited


async def test_a_lead_sets_a_date_that_reminds_again_and_outlives_a_new_assessment(store: FakeCaseStore,
                                                                                 clock: FrozenClock) -> None:
    lead = _lead(store)
    case = store.add_case(status="closed", reassess_on=DUE, reassess_set_by="assessment", reassess_reminded_for=DUE)
    await set_reassessment(FakeUnitOfWork(store), case_id=case["id"], actor=lead, due_on=date(2026, 4, 1),
                           reason="Zertifizierung abwarten", clock=clock)
    assert (case["reassess_on"], case["reassess_set_by"], case["reassess_reminded_for"]) == (
        date(2026, 4, 1), "lead", None)
    [entry] = [e for e in store.timeline if e["kind"] == "reassessment_set"]
    assert entry["actor"] == lead.name and entry["data"]["previous"] == DUE.isoformat()
    # A band-B re-assessment arriving meanwhile does not cancel what the lead asked for.
    await _attach(store, clock, assessed(case["enquiry_id"], revision=2, band="B"))
    assert case["reassess_on"] == date(2026, 4, 1)
    clock.advance(timedelta(days=31))
    [event] = await _remind(store, clock)
    assert event.set_by == "lead" and [a.name for a in event.advisors] == [lead.name]


async def test_only_leads_set_dates_and_only_dates_ahead_within_two_years(store: FakeCaseStore,
                                                                       clock: FrozenClock) -> None:
    case = store.add_case(status="claimed")
    uow = FakeUnitOfWork(store)
    refusals = [(_lead(store, "advisor"), date(2026, 6, 1), "lead_only"),
                (_lead(store), date(2026, 3, 2), "reassess_not_ahead"),  # today
                (_lead(store), date(2028, 3, 3), "reassess_too_far")]
    for actor, due_on, code in refusals:
        with pytest.raises(Refused) as refused:
            await set_reassessment(uow, case_id=case["id"], actor=actor, due_on=due_on, reason="", clock=clock)
        assert refused.value.code == code
    assert case["reassess_on"] is None and store.kinds(case["id"]) == []
    await set_reassessment(uow, case_id=case["id"], actor=_lead(store, "admin"), due_on=date(2028, 3, 1),
                           reason="", clock=clock)
    await set_reassessment(uow, case_id=case["id"], actor=_lead(store), due_on=None, reason="erledigt", clock=clock)
    assert case["reassess_on"] is None and store.kinds(case["id"]) == ["reassessment_set", "reassessment_set"]


def test_a_revision_repeating_a_reminded_date_does_not_remind_twice() -> None:
    reminded = ReassessmentTimer(DUE, "assessment", DUE)
    assert after_assessment(reminded, DUE) == reminded
    assert not is_due(after_assessment(reminded, DUE), now=datetime(2026, 12, 1, tzinfo=UTC))
    assert after_assessment(reminded, None) == ReassessmentTimer(None, None, DUE)
    later = after_assessment(reminded, date(2027, 3, 1))
    assert is_due(later, now=datetime(2027, 3, 1, 12, tzinfo=UTC))
