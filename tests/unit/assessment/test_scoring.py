"""Unit tests for capability fit (§A3.3), readiness R1-R7 (§A3.4), banding and the development plan."""
from __future__ import annotations

from datetime import date

import pytest

from services.assessment.domain.banding import band_for
from services.assessment.domain.plan import development_plan
from services.assessment.domain.scoring import capability_fit, readiness, readiness_percent
from shared.contracts.assessment import GateFinding
from tests.unit.assessment.builders import cert, profile

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 23)


def _fit(taxonomy, area, **kw):
    return next(f for f in capability_fit(profile(**kw), taxonomy) if f.area == area)


def _score(taxonomy, criterion, **kw):
    return next(s for s in readiness(profile(**kw), taxonomy, today=TODAY) if s.criterion == criterion)


def test_fit_is_max_of_proficiency_times_weight(taxonomy):
    fit = _fit(taxonomy, "CA13", competences={"CF01": 3})  # CF01 -> CA13 secondary
    assert fit.score == pytest.approx(0.5) and fit.best_field == "CF01" and fit.supporting_fields == []
    assert "CF01" in fit.reason and "3/3" in fit.reason


def test_fit_adds_bonus_per_further_supporting_field_and_caps(taxonomy):
    fit = _fit(taxonomy, "CA03", competences={"CF11": 3, "CF09": 2, "CF01": 1})
    assert fit.best_field == "CF11" and fit.supporting_fields == ["CF01", "CF09"]
    assert fit.score == 1.0  # 1.0 + 0.2 capped
    fit = _fit(taxonomy, "CA02", competences={"CF02": 2, "CF14": 1})
    assert fit.score == pytest.approx(2 / 3 + 0.1, abs=1e-4)


def test_fit_lists_all_areas_sorted_and_zero_without_mapping(taxonomy):
    fits = capability_fit(profile(competences={"CF12": 2}), taxonomy)
    assert len(fits) == 15 and [f.score for f in fits] == sorted((f.score for f in fits), reverse=True)
    ca11 = next(f for f in fits if f.area == "CA11")
    assert ca11.score == 0 and ca11.best_field is None


@pytest.mark.parametrize(("certs", "expected"), [
    ([], 0),
    ([cert("ISO 9001")], 1),
    ([cert("ISO 9001"), cert("IATF 16949")], 2),
    ([cert("EN 9100")], 3),
    ([cert("AQAP 2110")], 3),
    ([cert("EN 9100", date(2026, 11, 22)), cert("ISO 9001")], 1),  # expired yesterday: not counted
    ([cert("EN 9100", TODAY)], 3),  # expires today: still valid today
])
def test_r1_quality_management(taxonomy, certs, expected):
    s = _score(taxonomy, "R1", certs=certs)
    assert s.score == expected and s.weight == 20
    if expected == 1 and len(certs) == 2:
        assert "expired" in s.reason


@pytest.mark.parametrize(("certs", "expected"), [
    ([], 0), ([cert("BSI IT-Grundschutz")], 1), ([cert("TISAX AL2")], 2), ([cert("ISO/IEC 27001")], 2),
    ([cert("ISO/IEC 27001"), cert("TISAX AL3")], 3), ([cert("TISAX AL2", date(2025, 1, 1))], 0),
])
def test_r2_information_security(taxonomy, certs, expected):
    assert _score(taxonomy, "R2", certs=certs).score == expected


@pytest.mark.parametrize(("flags", "expected"), [
    ({}, 0),
    ({"export_officer_named": True}, 0),
    ({"export_officer_named": True, "goods_classified": True}, 1),
    ({"export_officer_named": True, "internal_compliance_programme": True}, 2),
    ({"makes_teil1a_goods": True, "prior_bafa_licences": True}, 3),
    ({"certified_recipient": True}, 3),
])
def test_r3_export_control(taxonomy, flags, expected):
    assert _score(taxonomy, "R3", **flags).score == expected


@pytest.mark.parametrize(("status", "willing", "expected"), [
    ("none", False, 0), ("none", True, 0), ("vsnfd_instructions_known", False, 0),
    ("vsnfd_instructions_known", True, 1), ("in_geheimschutzbetreuung", True, 2), ("sicherheitsbescheid", True, 3),
])
def test_r4_classified_information(taxonomy, status, willing, expected):
    s = _score(taxonomy, "R4", geheimschutz_status=status, willing_to_enter_geheimschutz=willing)
    assert s.score == expected


@pytest.mark.parametrize(("willing", "expected"), [(True, 1), (False, 0)])
def test_r4_of_an_amended_questionnaire_1_enquiry_reads_knowing_the_rules_as_its_own_fact(taxonomy, willing, expected):
    """The amendment form says questionnaire 1's "VS-NfD instructions known" as status "none" plus the fact."""
    s = _score(taxonomy, "R4", geheimschutz_status="none", knows_vsnfd_rules=True,
               willing_to_enter_geheimschutz=willing)
    assert s.score == expected


@pytest.mark.parametrize(("trls", "expected"), [([], 0), ([3], 0), ([2, 5], 1), ([6], 2), ([7, 9], 3)])
def test_r5_best_offering_trl(taxonomy, trls, expected):
    assert _score(taxonomy, "R5", offerings_trl=trls).score == expected


@pytest.mark.parametrize(("capacity", "expected"), [
    ({"mrl": 4}, 0), ({"mrl": 9, "free_capacity_percent": 0}, 0), ({"mrl": 6}, 1), ({"mrl": 8}, 2),
    ({"mrl": 9}, 2), ({"mrl": 10, "small_lot_capable": True, "surge_capable": True}, 3),
])
def test_r6_manufacturing_readiness(taxonomy, capacity, expected):
    assert _score(taxonomy, "R6", capacity=capacity).score == expected


@pytest.mark.parametrize(("access", "ncage", "expected"), [
    ("none", None, 0), ("none", "C1234", 1), ("civil_aerospace_or_security_customers", None, 1),
    ("sub_supplier_to_defence_primes", None, 2), ("direct_defence_contracts", "C1234", 3),
])
def test_r7_market_access(taxonomy, access, ncage, expected):
    assert _score(taxonomy, "R7", access=access, ncage=ncage).score == expected


def test_readiness_percent_formula(taxonomy):
    scores = readiness(profile(certs=[cert("EN 9100")], offerings_trl=[9]), taxonomy, today=TODAY)
    # R1=3 (w20), R5=3 (w15), R6=1 (w15, MRL 6): (60+45+15)/(3*100)*100
    assert readiness_percent(scores) == pytest.approx(40.0)


def _gate(status: str) -> GateFinding:
    return GateFinding(gate="G3", status=status, reason="x")


@pytest.mark.parametrize(("percent", "gates", "band"), [
    (70.0, [], "A"), (69.9, [], "B"), (85.0, [_gate("open")], "B"), (85.0, [_gate("clear")], "A"),
    (40.0, [], "B"), (39.9, [_gate("open")], "C"), (0.0, [], "C"),
])
def test_band_thresholds_and_gate_cap(taxonomy, percent, gates, band):
    assert band_for(percent, gates, taxonomy.bands) == band


def test_plan_has_one_localised_step_per_gap(taxonomy):
    scores = readiness(profile(certs=[cert("ISO 9001")]), taxonomy, today=TODAY)
    plan_en = development_plan(scores, taxonomy, language="en")
    plan_de = development_plan(scores, taxonomy, language="de")
    assert [s.criterion for s in plan_en] == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    r1 = plan_en[0]
    assert "EN 9100" in r1.action and "24 months" in r1.lead_time and r1.helper == "AeroSpace.NRW"
    assert "Monate" in plan_de[0].lead_time
    assert "VS contract" in plan_en[3].action and "NCAGE" in plan_en[6].action


def test_plan_is_empty_when_all_targets_met(taxonomy):
    p = profile(certs=[cert("EN 9100"), cert("ISO/IEC 27001")], offerings_trl=[7],
                access="sub_supplier_to_defence_primes",
                export_officer_named=True, internal_compliance_programme=True,
                geheimschutz_status="vsnfd_instructions_known", willing_to_enter_geheimschutz=True,
                capacity={"mrl": 8})
    assert development_plan(readiness(p, taxonomy, today=TODAY), taxonomy) == []
