"""Golden cases: reviewed profiles with route, must / must-not partners and calls (profiles.py, golden_profiles.py).

Every failure names the profile, the partner and the rule, and prints the reviewed reason.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from services.assessment.domain import assess
from shared.contracts.assessment import AssessmentCompletedV1
from tests.unit.assessment.builders import consents, profile
from tests.unit.assessment.golden_case import Case
from tests.unit.assessment.golden_profiles import GOLDEN
from tests.unit.assessment.profiles import CASES

pytestmark = pytest.mark.unit
ALL_CASES = [*CASES, *GOLDEN]


def _run(case_profile, case_consents, taxonomy, partners, calls, sanctions, today, **kw):
    return assess(case_profile, case_consents, taxonomy=taxonomy, partners=partners, calls=calls,
                  sanctions=sanctions, today=today, **kw)


def test_there_are_at_least_twenty_reviewed_profiles():
    assert len({c.name for c in ALL_CASES}) == len(ALL_CASES) >= 20


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.name for c in ALL_CASES])
def test_golden_case(case: Case, taxonomy, partners, calls, sanctions):
    r = _run(case.profile, case.consents, taxonomy, partners, calls, sanctions, case.today)
    recommended = [x.partner_id for x in r.recommended_partners]
    excluded = {x.partner_id: x for x in r.not_recommended}
    where = f"profile {case.name} ({case.why}); recommended {recommended}"
    assert r.band == case.band, f"{where}: band {r.band} ({r.readiness_percent} %), expected {case.band}"
    assert r.route.route == case.route, f"{where}: route {r.route.route}, expected {case.route} (rule route.band_*)"
    assert tuple(r.open_gates) == case.open_gates, f"{where}: open gates {r.open_gates}"
    for pid in case.must:
        why_not = excluded[pid].rule if pid in excluded else "ranked below the top 5"
        assert pid in recommended, f"{where}: partner {pid} must be recommended but is not (rule {why_not})"
    if case.first:
        assert recommended[:1] == [case.first], f"{where}: partner {case.first} must come first (route lead rule)"
    for pid, rule in case.must_not.items():
        assert pid not in recommended, f"{where}: partner {pid} must not be recommended (rule {rule or 'any'})"
        if rule:
            got = excluded[pid].rule if pid in excluded else "not listed as excluded"
            assert got == rule, f"{where}: partner {pid} must be excluded by rule {rule}, got {got}"
    offered = tuple(o.call_id for o in r.funding_calls)
    assert offered == case.calls, f"{where}: calls offered {offered}, expected {case.calls} (rule call open/eligible)"
    soon = tuple(o.call_id for o in r.funding_calls if o.closing_soon)
    assert soon == case.closing_soon, f"{where}: calls flagged closing soon {soon}, expected {case.closing_soon}"
    planned = {c for step in r.development_plan for c in step.funding_calls}
    assert planned <= set(offered), f"{where}: plan names calls {planned - set(offered)} that are not offered"
    assert set(recommended) <= set(case.consents.share_with_partners), f"{where}: unconsented partner"


def test_band_c_sets_a_re_assessment_date_and_a_and_b_do_not(taxonomy, partners, calls, sanctions, today):
    by_name = {c.name: c for c in ALL_CASES}
    c_case, b_case = by_name["foundry_sauerland"], by_name["automotive_tier2_iatf"]
    c_result = _run(c_case.profile, c_case.consents, taxonomy, partners, calls, sanctions, today)
    assert c_result.route.reassess_on == today + timedelta(days=183)
    assert _run(b_case.profile, b_case.consents, taxonomy, partners, calls, sanctions, today).route.reassess_on is None


def test_open_gates_hold_the_list_and_a_sanctions_hit_stops_it(taxonomy, partners, calls, sanctions, today):
    by_name = {c.name: c for c in ALL_CASES}
    held = _run(by_name["photonics_sme_aachen"].profile, consents(), taxonomy, partners, calls, sanctions, today)
    assert held.route.held_by_gates == ["G2"] and not held.route.stopped and held.recommended_partners
    stop = by_name["sanctioned_shareholder"]
    stopped = _run(stop.profile, stop.consents, taxonomy, partners, calls, sanctions, today)
    assert stopped.route.stopped and stopped.recommended_partners == [] and stopped.not_recommended == []


def test_a_gate_capped_band_says_which_gate_keeps_the_prime_away(taxonomy, partners, calls, sanctions, today):
    case = next(c for c in ALL_CASES if c.name == "munitions_adjacent_forming")
    r = _run(case.profile, case.consents, taxonomy, partners, calls, sanctions, today)
    prime = next(x for x in r.not_recommended if x.partner_id == "rheinmetall")
    assert prime.data == {"min_band": "A", "band": "B", "capped_by_gates": ["G4"]}


def test_exclusion_carries_the_facts_of_the_target_group_rule(taxonomy, partners, calls, sanctions, today):
    case = next(c for c in ALL_CASES if c.name == "large_defence_house")
    r = _run(case.profile, case.consents, taxonomy, partners, calls, sanctions, today)
    incubator = next(x for x in r.not_recommended if x.partner_id == "defensetech-inkubator-nrw")
    assert incubator.data == {"serves": ["startup"], "company": ["large"], "headcount": 2400, "founded_year": 1952,
                              "sector": "mechanical_engineering"}


def test_only_consented_partners_are_recommended(taxonomy, partners, calls, sanctions, today):
    result = _run(profile(competences={"CF12": 3}), consents(["zenit", "produktion-nrw"]), taxonomy, partners,
                  calls, sanctions, today)
    assert {r.partner_id for r in result.recommended_partners} == {"zenit", "produktion-nrw"}
    assert all(r.consented for r in result.recommended_partners)


def test_result_builds_a_valid_event_with_versions_and_explained_terms(taxonomy, partners, calls, sanctions, today):
    case = CASES[0]
    r = _run(case.profile, case.consents, taxonomy, partners, calls, sanctions, today, language="en")
    event = AssessmentCompletedV1(
        enquiry_id="00000000-0000-0000-0000-000000000001", assessment_id="00000000-0000-0000-0000-000000000002",
        revision=1, taxonomy_version=r.taxonomy_version, partner_directory_version=r.partner_directory_version,
        funding_calls_version=r.funding_calls_version, readiness_percent=r.readiness_percent, band=r.band,
        capability_fit=r.capability_fit, readiness=r.readiness, gates=r.gates, route=r.route,
        recommended_partners=r.recommended_partners, not_recommended=r.not_recommended,
        funding_calls=r.funding_calls, development_plan=r.development_plan,
    )
    assert (event.taxonomy_version, event.partner_directory_version, event.funding_calls_version) == (
        "2026.2", "2026.3", "2026.1")
    assert len(event.capability_fit) == 15 and [g.gate for g in event.gates] == ["G1", "G2", "G3", "G4", "G5", "G6"]
    top = event.recommended_partners[1]
    assert [t.name for t in top.terms] == ["capability_fit", "readiness_compatibility", "partner_focus", "context"]
    assert top.score == pytest.approx(sum(t.weight * t.value for t in top.terms), abs=1e-3)
    assert all(step.lead_time for step in event.development_plan)
    assert AssessmentCompletedV1.model_validate_json(event.model_dump_json()) == event


def test_expired_partner_entries_are_not_recommended(taxonomy, partners, calls, sanctions, today):
    expired = partners.model_copy(update={"partners": tuple(
        p.model_copy(update={"active_until": today.replace(year=today.year - 1)}) if p.id == "zenit" else p
        for p in partners.partners
    )})
    result = _run(profile(), consents(["zenit"]), taxonomy, expired, calls, sanctions, today)
    assert result.recommended_partners == []
    assert next(x for x in result.not_recommended if x.partner_id == "zenit").rule == "inactive"
