"""End-to-end domain assessment of realistic profiles (see profiles.py for why each expectation holds)."""
from __future__ import annotations

import pytest

from services.assessment.domain import assess
from shared.contracts.assessment import AssessmentCompletedV1
from tests.unit.assessment.builders import consents, profile
from tests.unit.assessment.profiles import CASES, Case

pytestmark = pytest.mark.unit


def _run(case_profile, case_consents, taxonomy, partners, sanctions, today, **kw):
    return assess(case_profile, case_consents, taxonomy=taxonomy, partners=partners, sanctions=sanctions,
                  today=today, **kw)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_profile_outcome(case: Case, taxonomy, partners, sanctions, today):
    result = _run(case.profile, case.consents, taxonomy, partners, sanctions, today)
    recommended = [r.partner_id for r in result.recommended_partners]
    assert result.band == case.band, result.readiness_percent
    assert tuple(result.open_gates) == case.open_gates
    assert set(case.in_top5) <= set(recommended), recommended
    if case.top1:
        assert recommended[0] == case.top1, recommended
    assert not set(case.not_recommended) & set(recommended)
    assert set(recommended) <= set(case.consents.share_with_partners)


def test_no_recommendations_without_consent_or_with_sanctions_hit(taxonomy, partners, sanctions, today):
    by_name = {c.name: c for c in CASES}
    for name in ("no_partner_consent", "sanctioned_shareholder"):
        case = by_name[name]
        assert _run(case.profile, case.consents, taxonomy, partners, sanctions, today).recommended_partners == []


def test_only_consented_partners_are_recommended(taxonomy, partners, sanctions, today):
    p = profile(competences={"CF12": 3})
    result = _run(p, consents(["zenit", "kunststoffland-nrw"]), taxonomy, partners, sanctions, today)
    assert {r.partner_id for r in result.recommended_partners} == {"zenit", "kunststoffland-nrw"}
    assert all(r.consented for r in result.recommended_partners)


def test_result_builds_a_valid_event_with_explained_terms(taxonomy, partners, sanctions, today):
    case = CASES[0]
    result = _run(case.profile, case.consents, taxonomy, partners, sanctions, today, language="en")
    event = AssessmentCompletedV1(
        enquiry_id="00000000-0000-0000-0000-000000000001", assessment_id="00000000-0000-0000-0000-000000000002",
        revision=1, taxonomy_version=result.taxonomy_version, readiness_percent=result.readiness_percent,
        band=result.band, capability_fit=result.capability_fit, readiness=result.readiness, gates=result.gates,
        recommended_partners=result.recommended_partners, development_plan=result.development_plan,
    )
    assert event.taxonomy_version == "2026.1" and len(event.capability_fit) == 15 and len(event.gates) == 6
    assert [g.gate for g in event.gates] == ["G1", "G2", "G3", "G4", "G5", "G6"]
    top = event.recommended_partners[0]
    assert [t.name for t in top.terms] == ["capability_fit", "readiness_compatibility", "partner_focus", "context"]
    assert top.score == pytest.approx(sum(t.weight * t.value for t in top.terms), abs=1e-3)
    assert all(step.lead_time for step in event.development_plan)


def test_expired_partner_entries_are_not_recommended(taxonomy, partners, sanctions, today):
    expired = partners.model_copy(update={"partners": tuple(
        p.model_copy(update={"active_until": today.replace(year=today.year - 1)}) if p.id == "zenit" else p
        for p in partners.partners
    )})
    result = _run(profile(), consents(["zenit"]), taxonomy, expired, sanctions, today)
    assert result.recommended_partners == []
