"""Releasing the assessment's result to the company (issue 15 item 6): what the event carries (ids and numbers,
never gates, partner exclusions or the band), who may release, and releasing again after a re-assessment."""
from __future__ import annotations

from typing import Any

import pytest

from services.advisory.domain.result import OPEN_ITEMS, open_items, released_result
from services.advisory.domain.rules import Actor, Refused
from services.advisory.use_cases.release_result import release_result
from shared.clock import FrozenClock
from shared.contracts import subjects

from .fakes import FakeCaseStore, FakeUnitOfWork


def _readiness(**scores: int) -> list[dict[str, Any]]:
    base = {"R1": 1, "R2": 0, "R3": 0, "R4": 1, "R5": 2, "R6": 2, "R7": 0} | scores
    return [{"criterion": c, "score": s, "weight": 10, "reason": f"{c}={s}", "rule": None, "facts": {}}
            for c, s in base.items()]


def _assessment(revision: int = 1, **scores: int) -> dict[str, Any]:
    readiness = _readiness(**scores)
    return {
        "revision": revision, "taxonomy_version": "2026.2", "band": "C", "readiness_percent": 40.0,
        "capability_fit": [{"area": "CA04", "score": 1.0}, {"area": "CA03", "score": 0.8333},
                           {"area": "CA05", "score": 0.6}, {"area": "CA06", "score": 0.55},
                           {"area": "CA01", "score": 0.2}],
        "readiness": readiness,
        "gates": [{"gate": "G1", "status": "open", "reason": "sanctions list match: ACME", "rule": "G1.match",
                   "facts": {"listed_name": "ACME"}}],
        "development_plan": [{"criterion": c["criterion"], "action": "...", "helper": f"Helper {c['criterion']}",
                              "lead_time": "...", "funding_calls": []} for c in readiness if c["score"] < 2],
        "not_recommended": [{"partner_id": "p1", "name": "Prime", "rule": "below_min_band", "data": {}}],
        "recommended_partners": [{"partner_id": "p2", "name": "Cluster", "score": 0.7, "consented": True}],
    }


def _actor(store: FakeCaseStore, name: str, role: str = "advisor") -> Actor:
    return Actor(id=store.add_advisor(name, role=role), name=name, role=role)


def test_open_items_come_from_the_readiness_scores_in_a_fixed_order() -> None:
    assert open_items(_readiness()) == ["name_export_control_officer", "classify_goods", "set_up_icp",
                                        "document_information_security", "apply_for_ncage"]
    ready = _readiness(R1=3, R2=2, R3=2, R4=1, R7=2)
    assert open_items(ready) == []
    assert open_items(_readiness(R3=1)) == ["set_up_icp", "document_information_security", "apply_for_ncage"]
    assert set(open_items(_readiness(R1=0, R4=0))) <= set(OPEN_ITEMS)


def test_a_fact_that_says_it_is_done_is_not_asked_for_again() -> None:
    readiness = _readiness()
    r3 = next(c for c in readiness if c["criterion"] == "R3")
    r3["facts"] = {"export_officer_named": True, "goods_classified": False, "internal_compliance_programme": False}
    items = open_items(readiness)
    assert "name_export_control_officer" not in items and "classify_goods" in items and "set_up_icp" in items


def test_the_released_result_is_data_and_leaves_out_gates_exclusions_and_band() -> None:
    result = released_result(_assessment())
    assert set(result) == {"assessment_revision", "taxonomy_version", "top_areas", "readiness", "development_plan",
                           "open_items"}
    assert [a["area"] for a in result["top_areas"]] == ["CA04", "CA03", "CA05"]
    assert result["readiness"][2] == {"criterion": "R3", "score": 0}
    assert {"criterion": "R2", "rung": 0, "helper": "Helper R2"} in result["development_plan"]
    text = repr(result)
    for secret in ("G1", "ACME", "sanctions", "below_min_band", "Prime", "band"):
        assert secret not in text


def test_a_company_without_a_strong_area_still_hears_its_best_one() -> None:
    assessment = _assessment()
    assessment["capability_fit"] = [{"area": "CA02", "score": 0.3}, {"area": "CA01", "score": 0.4}]
    assert released_result(assessment)["top_areas"] == [{"area": "CA01", "score": 0.4}]


async def test_the_holder_releases_the_result_once_and_the_timeline_records_it(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    anna = _actor(store, "Anna")
    case = store.add_case(status="claimed", assignee=anna.id, assessment=_assessment())
    await release_result(uow, case_id=case["id"], actor=anna, clock=clock)
    event = store.outbox.only(subjects.RESULT_RELEASED).payload
    assert event.enquiry_id == case["enquiry_id"] and event.assessment_revision == 1
    assert event.taxonomy_version == "2026.2" and "set_up_icp" in event.open_items
    assert [c.criterion for c in event.readiness] == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    assert store.kinds(case["id"])[-1] == "result_released" and store.timeline[-1]["actor"] == "Anna"
    assert store.timeline[-1]["data"]["actor_id"] == str(anna.id)  # the audit log takes it from here
    assert case["result_released_revision"] == 1 and case["result_released_at"] == clock.now()

    with pytest.raises(Refused) as again:
        await release_result(uow, case_id=case["id"], actor=anna, clock=clock)
    assert again.value.code == "already_released" and len(store.outbox.subjects) == 1


async def test_after_a_reassessment_the_newer_result_is_released(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    lead = _actor(store, "Lea", role="lead")
    case = store.add_case(status="introduced", assessment=_assessment(), result_released_revision=1)
    case.update(assessment=_assessment(revision=2, R3=2, R2=2), assessment_revision=2)
    await release_result(uow, case_id=case["id"], actor=lead, clock=clock)
    event = store.outbox.only(subjects.RESULT_RELEASED).payload
    assert event.assessment_revision == 2 and "set_up_icp" not in event.open_items
    assert case["result_released_revision"] == 2


async def test_only_the_holder_or_a_lead_releases_and_only_an_assessed_case(
        store: FakeCaseStore, uow: FakeUnitOfWork, clock: FrozenClock) -> None:
    anna, ben = _actor(store, "Anna"), _actor(store, "Ben")
    case = store.add_case(status="claimed", assignee=anna.id, assessment=_assessment())
    with pytest.raises(Refused) as refused:
        await release_result(uow, case_id=case["id"], actor=ben, clock=clock)
    assert refused.value.status == 403
    bare = store.add_case(status="claimed", assignee=anna.id, assessment={"gates": []})
    with pytest.raises(Refused) as nothing:
        await release_result(uow, case_id=bare["id"], actor=anna, clock=clock)
    assert nothing.value.code == "no_assessment"
    assert store.outbox.subjects == [] and case["result_released_revision"] is None
