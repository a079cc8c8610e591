"""Fast tests of the advisors' decisions against the in-memory unit of work: the case, the timeline, the outbox
and, for a refusal, nothing changed at all."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.advisory.domain.rules import Actor, Refused
from services.advisory.domain.sla import start_clock
from services.advisory.use_cases.add_note import add_note
from services.advisory.use_cases.assign import assign
from services.advisory.use_cases.auto_assign import auto_assign_waiting
from services.advisory.use_cases.bulk import bulk_assign, bulk_close
from services.advisory.use_cases.claim import claim
from services.advisory.use_cases.clear_gate import clear_gate
from services.advisory.use_cases.close import close
from services.advisory.use_cases.facts import FirstClaim, counting
from services.advisory.use_cases.override_score import override_score
from services.advisory.use_cases.reopen import reopen
from services.advisory.use_cases.request_information import request_information
from services.advisory.use_cases.unclaim import unclaim
from shared.clock import FrozenClock
from shared.contracts import subjects

from .fakes import FakeCaseStore, FakeUnitOfWork


def _actor(store: FakeCaseStore, name: str, role: str = "advisor") -> Actor:
    return Actor(id=store.add_advisor(name, role=role), name=name, role=role)


async def test_claim_takes_the_case_once_and_counts_the_first_claim_after_commit(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    case = store.add_case()
    anna, ben = _actor(store, "Anna"), _actor(store, "Ben")
    clock.advance(timedelta(minutes=5))
    counted: list[object] = []
    with counting(counted.extend):
        await claim(uow, case_id=case["id"], actor=anna, clock=clock)
        with pytest.raises(Refused) as refused:
            await claim(uow, case_id=case["id"], actor=ben, clock=clock)
    assert refused.value.status == 409 and case["assignee"] == anna.id and case["status"] == "claimed"
    event = store.outbox.only(subjects.CASE_CLAIMED)
    assert event.payload.assigned_by == "self" and event.envelope.occurred_at == clock.now()
    assert store.timeline[-1]["data"]["assignee"] == "Anna" and counted == [FirstClaim(queue_s=300.0)]


async def test_a_case_not_in_the_queue_cannot_be_claimed(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                         clock: FrozenClock) -> None:
    case = store.add_case(status="awaiting_assessment")
    with pytest.raises(Refused) as refused:
        await claim(uow, case_id=case["id"], actor=_actor(store, "Anna"), clock=clock)
    assert refused.value.status == 404 and store.outbox.subjects == []


async def test_only_the_holder_or_a_lead_unclaims(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                  clock: FrozenClock) -> None:
    anna = _actor(store, "Anna")
    case = store.add_case(status="claimed", assignee=anna.id)
    with pytest.raises(Refused) as refused:
        await unclaim(uow, case_id=case["id"], actor=_actor(store, "Ben"), clock=clock)
    assert refused.value.status == 403
    await unclaim(uow, case_id=case["id"], actor=anna, clock=clock)
    assert case["status"] == "open" and case["assignee"] is None
    assert store.outbox.subjects == [subjects.CASE_UNCLAIMED] and store.kinds(case["id"]) == ["unclaimed"]


async def test_a_lead_assigns_to_an_active_advisor_and_nobody_else_may(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                                       clock: FrozenClock) -> None:
    case = store.add_case()
    lead, anna = _actor(store, "Lea", "lead"), _actor(store, "Anna")
    with pytest.raises(Refused) as by_advisor:
        await assign(uow, case_id=case["id"], actor=anna, assignee_id=anna.id, clock=clock)
    with pytest.raises(Refused) as unknown:
        await assign(uow, case_id=case["id"], actor=lead, assignee_id=uuid.uuid4(), clock=clock)
    assert (by_advisor.value.status, unknown.value.code) == (403, "unknown_advisor")
    await assign(uow, case_id=case["id"], actor=lead, assignee_id=anna.id, clock=clock)
    assert case["assignee"] == anna.id and case["status"] == "claimed"
    assert store.outbox.only(subjects.CASE_CLAIMED).payload.assigned_by == "lead"
    with pytest.raises(Refused) as again:
        await assign(uow, case_id=case["id"], actor=lead, assignee_id=anna.id, clock=clock)
    assert again.value.code == "already_assignee"


async def test_a_lead_assignment_names_the_assignee_but_a_self_claim_does_not(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    case, other = store.add_case(reference="DN-2026-AAAAAA"), store.add_case(reference="DN-2026-BBBBBB")
    lead, anna = _actor(store, "Lea", "lead"), _actor(store, "Anna")
    await assign(uow, case_id=case["id"], actor=lead, assignee_id=anna.id, clock=clock,
                 ui_base_url="https://advisory.example")
    told = store.outbox.only(subjects.CASE_CLAIMED).payload
    assert told.reference == "DN-2026-AAAAAA" and told.assignee is not None and told.assignee.language == "de"
    assert told.case_url == f"https://advisory.example/cases/{case['id']}"
    await claim(uow, case_id=other["id"], actor=anna, clock=clock)
    assert [e.payload.assignee for e in store.outbox.staged if e.subject == subjects.CASE_CLAIMED][1:] == [None]


async def test_auto_assignment_is_round_robin_by_skills_language_capacity_and_presence(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    a = store.add_advisor("A", areas=("CA01",), capacity=5)
    b = store.add_advisor("B", areas=("CA01",), capacity=1)
    store.add_advisor("English", areas=("CA01",), languages=("en",))
    store.add_advisor("Away", areas=("CA01",), absent_from=date(2026, 3, 1), absent_until=date(2026, 3, 3))
    cases = [store.add_case(sla_due_at=clock.now() + timedelta(hours=i)) for i in range(3)]
    assert await auto_assign_waiting(uow, clock=clock) == 3
    assert [c["assignee"] for c in cases] in ([a, b, a], [b, a, a])
    assert {e.payload.assigned_by for e in store.outbox.staged} == {"auto"}
    assert await auto_assign_waiting(uow, clock=clock) == 0


async def test_a_note_keeps_its_text_on_the_timeline_not_in_the_event(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                                      clock: FrozenClock) -> None:
    case = store.add_case()
    await add_note(uow, case_id=case["id"], actor=_actor(store, "Anna"), text="Rückruf vereinbart", clock=clock)
    assert store.timeline[-1]["data"]["text"] == "Rückruf vereinbart"
    assert "Rückruf" not in store.outbox.only(subjects.NOTE_ADDED).envelope.model_dump_json()


async def test_requesting_information_pauses_the_sla_clock_now(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                              clock: FrozenClock) -> None:
    anna = _actor(store, "Anna")
    case = store.add_case(status="claimed", assignee=anna.id, escalation_next_at=clock.now())
    with pytest.raises(Refused) as past:
        await request_information(uow, case_id=case["id"], actor=anna, question="?", respond_by=date(2026, 3, 2),
                                  clock=clock)
    assert past.value.code == "respond_by_past"
    await request_information(uow, case_id=case["id"], actor=anna, question="Welche Losgrößen?",
                              respond_by=date(2026, 3, 9), clock=clock)
    assert case["status"] == "waiting_for_company" and case["sla_paused_at"] == clock.now()
    assert case["escalation_next_at"] is None and case["info_request"]["question"] == "Welche Losgrößen?"
    assert store.outbox.only(subjects.INFO_REQUESTED).payload.respond_by == date(2026, 3, 9)


async def test_close_needs_a_reason_and_reopen_starts_a_new_sla_period(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                                       clock: FrozenClock) -> None:
    anna = _actor(store, "Anna")
    case = store.add_case(status="claimed", assignee=anna.id, priority="high")
    with pytest.raises(Refused):
        await close(uow, case_id=case["id"], actor=anna, reason_code="other", clock=clock)
    await close(uow, case_id=case["id"], actor=anna, reason_code="not_eligible", reason_text="kein Bezug", clock=clock)
    assert case["status"] == "closed" and case["close_reason"] == "not_eligible"
    with pytest.raises(Refused) as twice:
        await close(uow, case_id=case["id"], actor=anna, reason_code="duplicate", clock=clock)
    assert twice.value.status == 409
    clock.advance(timedelta(days=1))
    await reopen(uow, case_id=case["id"], actor=anna, reason_text="Neue Unterlagen", clock=clock)
    sla = start_clock(clock.now(), "high")
    assert case["status"] == "claimed" and case["sla_period"] == 2 and case["close_reason"] is None
    assert (case["sla_due_at"], case["escalation_next_at"]) == (sla.due_at, sla.warn_at)
    assert store.outbox.subjects == [subjects.CASE_CLOSED, subjects.CASE_REOPENED]


async def test_only_a_lead_clears_an_open_gate_with_a_reason(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                             clock: FrozenClock) -> None:
    case = store.add_case(status="claimed", open_gates=1,
                          assessment={"gates": [{"gate": "G3", "status": "open", "reason": "ITAR"}]})
    with pytest.raises(Refused) as by_advisor:
        await clear_gate(uow, case_id=case["id"], actor=_actor(store, "Anna"), gate="G3", reason="x", clock=clock)
    assert by_advisor.value.status == 403
    await clear_gate(uow, case_id=case["id"], actor=_actor(store, "Lea", "lead"), gate="G3", reason="BAFA",
                     clock=clock)
    assert case["open_gates"] == 0 and case["gate_clearances"]["G3"]["at"] == clock.now().isoformat()
    assert store.outbox.only(subjects.GATE_CLEARED).payload.gate == "G3"


async def test_an_override_keeps_the_assessed_value_and_the_reason(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                                   clock: FrozenClock) -> None:
    anna = _actor(store, "Anna")
    case = store.add_case(status="claimed", assignee=anna.id, assessment={"band": "B", "gates": []})
    with pytest.raises(Refused):
        await override_score(uow, case_id=case["id"], actor=anna, field="band", value="Z", reason="x", clock=clock)
    await override_score(uow, case_id=case["id"], actor=anna, field="band", value="A", reason="Referenz",
                         clock=clock)
    assert case["band"] == "A" and case["overrides"]["band"] == {
        "value": "A", "assessed": "B", "reason": "Referenz", "by": "Anna", "at": clock.now().isoformat()}
    await override_score(uow, case_id=case["id"], actor=anna, field="readiness", value=80, reason="x", clock=clock)
    assert case["readiness"] == 80.0
    assert [e.payload.field for e in store.outbox.staged] == ["band", "readiness"]


async def test_bulk_actions_run_each_case_alone_and_report_each_outcome(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                                        clock: FrozenClock) -> None:
    anna, lead = _actor(store, "Anna"), _actor(store, "Lea", "lead")
    mine, theirs = store.add_case(status="claimed", assignee=anna.id), store.add_case(status="claimed",
                                                                                      assignee=lead.id)
    results = await bulk_close(uow, case_ids=[mine["id"], theirs["id"], mine["id"]], actor=anna,
                               reason_code="withdrawn", clock=clock)
    assert [(r["ok"], r["status"]) for r in results] == [(True, 200), (False, 403)]
    assert mine["status"] == "closed" and theirs["status"] == "claimed" and uow.commits == 1
    results = await bulk_assign(uow, case_ids=[mine["id"], theirs["id"]], actor=lead, assignee_id=anna.id,
                                clock=clock)
    assert [r.get("code") for r in results] == ["wrong_status", None] and theirs["assignee"] == anna.id
    with pytest.raises(Refused):
        await bulk_close(uow, case_ids=[uuid.uuid4() for _ in range(201)], actor=anna, reason_code="x", clock=clock)
