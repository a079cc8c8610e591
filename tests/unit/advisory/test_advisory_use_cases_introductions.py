"""Fast tests of introductions (approve, the partner's answer, outcomes) and SLA escalations, in memory."""
from __future__ import annotations

from datetime import timedelta

import pytest

from services.advisory.domain.rules import Actor, Refused
from services.advisory.domain.sla import start_clock
from services.advisory.use_cases.answer_introduction import answer_introduction
from services.advisory.use_cases.escalate_sla import fire_due_escalations
from services.advisory.use_cases.facts import IntroductionAnswered, IntroductionsSent, SlaRaised, counting
from services.advisory.use_cases.introduce import introduce
from services.advisory.use_cases.ports import Case
from services.advisory.use_cases.record_outcome import record_outcome
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.advisory import IntroducedPartner

from .case_events import BASE_URL, PARTNERS
from .fakes import FakeCaseStore, FakeUnitOfWork

CONSENTED = {"share_with_partners": ["defence-nrw", "aerospace-nrw"]}


async def _introduced(store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock,
                      *partners: str) -> tuple[Case, Actor, list[IntroducedPartner]]:
    anna = Actor(id=store.add_advisor("Anna"), name="Anna", role="advisor")
    case = store.add_case(status="claimed", assignee=anna.id, consents=CONSENTED, first_claimed_at=clock.now())
    clock.advance(timedelta(hours=2))
    await introduce(uow, case_id=case["id"], actor=anna, partner_ids=list(partners), partners=PARTNERS,
                    public_base_url=BASE_URL, clock=clock, advisor_note="Bitte melden")
    return case, anna, store.outbox.staged[-1].payload.partners


async def test_introductions_need_consent_and_send_links_with_tokens_kept_only_as_hashes(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    counted: list[object] = []
    with counting(counted.extend):
        case, anna, partners = await _introduced(store, uow, clock, "defence-nrw", "aerospace-nrw")
    assert case["status"] == "introduced" and len(store.introductions) == 2
    assert [p.partner_id for p in partners] == ["defence-nrw", "aerospace-nrw"]
    token = partners[0].accept_url.split("token=")[1].split("&")[0]
    assert partners[0].accept_url.startswith(f"{BASE_URL}/introductions/")
    assert all(token not in i["token_hash"] for i in store.introductions.values())
    assert counted == [IntroductionsSent(count=2, work_s=7200.0)]
    with pytest.raises(Refused) as no_consent:
        await introduce(uow, case_id=case["id"], actor=anna, partner_ids=["ki-nrw"], partners=PARTNERS,
                        public_base_url=BASE_URL, clock=clock)
    with pytest.raises(Refused) as twice:
        await introduce(uow, case_id=case["id"], actor=anna, partner_ids=["defence-nrw"], partners=PARTNERS,
                        public_base_url=BASE_URL, clock=clock)
    assert (no_consent.value.code, twice.value.code) == ("no_consent", "already_introduced")
    assert len(store.introductions) == 2 and store.outbox.subjects == [subjects.INTRODUCTION_APPROVED]


async def test_an_open_gate_blocks_introductions(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                 clock: FrozenClock) -> None:
    case = store.add_case(status="claimed", consents=CONSENTED,
                          assessment={"gates": [{"gate": "G3", "status": "open", "reason": "ITAR"}]})
    with pytest.raises(Refused) as refused:
        await introduce(uow, case_id=case["id"], actor=Actor(id=store.add_advisor("Lea", role="lead"), name="Lea",
                                                             role="lead"),
                        partner_ids=["defence-nrw"], partners=PARTNERS, public_base_url=BASE_URL, clock=clock)
    assert refused.value.code == "gates_open" and store.introductions == {}


async def test_a_partner_answers_once_with_the_links_token(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                           clock: FrozenClock) -> None:
    case, _, [partner] = await _introduced(store, uow, clock, "defence-nrw")
    token = partner.decline_url.split("token=")[1].split("&")[0]
    with pytest.raises(Refused) as forged:
        await answer_introduction(uow, introduction_id=partner.introduction_id, token="forged", answer="declined",
                                  reason="x", clock=clock)
    with pytest.raises(Refused) as no_reason:
        await answer_introduction(uow, introduction_id=partner.introduction_id, token=token, answer="declined",
                                  clock=clock)
    assert (forged.value.status, no_reason.value.code) == (404, "reason_required")
    clock.advance(timedelta(days=1))
    counted: list[object] = []
    with counting(counted.extend):
        await answer_introduction(uow, introduction_id=partner.introduction_id, token=token, answer="declined",
                                  reason="Kein Bedarf", clock=clock)
    assert store.introductions[partner.introduction_id]["status"] == "declined"
    answered = store.outbox.only(subjects.INTRODUCTION_ANSWERED)
    assert answered.payload.reason == "Kein Bedarf" and answered.payload.case_id == case["id"]
    assert counted == [IntroductionAnswered(answer="declined", waited_s=86400.0)]
    with pytest.raises(Refused) as again:
        await answer_introduction(uow, introduction_id=partner.introduction_id, token=token, answer="accepted",
                                  clock=clock)
    assert again.value.status == 409


async def test_outcomes_are_recorded_for_accepted_introductions_only(store: FakeCaseStore, uow: FakeUnitOfWork,
                                                                     clock: FrozenClock) -> None:
    _, anna, [partner] = await _introduced(store, uow, clock, "defence-nrw")
    with pytest.raises(Refused) as pending:
        await record_outcome(uow, introduction_id=partner.introduction_id, actor=anna, outcome="meeting_held",
                             clock=clock)
    assert pending.value.code == "not_accepted"
    store.introductions[partner.introduction_id]["status"] = "accepted"
    await record_outcome(uow, introduction_id=partner.introduction_id, actor=anna, outcome="meeting_held",
                         clock=clock)
    assert store.introductions[partner.introduction_id]["outcomes"] == [{"outcome": "meeting_held", "by": "Anna"}]
    assert store.outbox.only(subjects.INTRODUCTION_OUTCOME).payload.outcome == "meeting_held"


async def test_warning_then_breach_fire_once_each_to_the_team_leads_as_the_clock_moves(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    store.add_advisor("Lea", role="lead")
    store.add_advisor("Otto", role="lead", team="east")
    sla = start_clock(clock.now(), "high")
    case = store.add_case(status="claimed", assignee=store.add_advisor("Anna"), sla_due_at=sla.due_at,
                          sla_warn_at=sla.warn_at, escalation_next_at=sla.warn_at)
    counted: list[object] = []
    with counting(counted.extend):
        assert await fire_due_escalations(uow, clock=clock, ui_base_url=BASE_URL) == 0
        clock.advance(sla.warn_at - clock.now())
        assert await fire_due_escalations(uow, clock=clock, ui_base_url=BASE_URL) == 1
        assert await fire_due_escalations(uow, clock=clock, ui_base_url=BASE_URL) == 0
        assert case["escalation_next_at"] == sla.due_at
        clock.advance(sla.due_at - clock.now())
        assert await fire_due_escalations(uow, clock=clock, ui_base_url=BASE_URL) == 1
    assert [e.payload.level for e in store.outbox.staged] == ["warning", "breach"]
    assert [lead.name for lead in store.outbox.staged[0].payload.leads] == ["Lea"]
    assert store.outbox.staged[0].payload.case_url == f"{BASE_URL}/cases/{case['id']}"
    assert case["escalation_next_at"] is None and counted == [SlaRaised("warning"), SlaRaised("breach")]


async def test_a_breach_found_first_skips_the_warning_and_a_paused_case_is_left_alone(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    sla = start_clock(clock.now() - timedelta(days=30), "high")
    late = store.add_case(sla_due_at=sla.due_at, sla_warn_at=sla.warn_at, escalation_next_at=sla.warn_at)
    paused = store.add_case(status="waiting_for_company", sla_due_at=sla.due_at, sla_warn_at=sla.warn_at,
                            escalation_next_at=sla.warn_at, sla_paused_at=sla.warn_at)
    assert await fire_due_escalations(uow, clock=clock, ui_base_url=BASE_URL) == 0  # no lead or admin to tell
    assert store.kinds(late["id"]) == ["escalation_unrouted"] and store.timeline[0]["data"]["level"] == "breach"
    assert {level for _, _, level in store.escalations} == {"warning", "breach"}
    assert late["escalation_next_at"] is None and paused["escalation_next_at"] is None
    assert store.outbox.subjects == []
