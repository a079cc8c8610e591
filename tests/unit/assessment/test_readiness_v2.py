"""Readiness of questionnaire 2 (taxonomy 2026.3, ADR 13): each rung of each §A3.4 anchor, read with the facts the
first form did not ask, and the rule + facts a page explains it with; questionnaire 1 keeps taxonomy 2026.2."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.assessment.domain.scoring import readiness
from services.assessment.use_cases.assess import when_enquiry_submitted_assess
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.vocab import GeheimschutzStatus
from shared.taxonomy import load_explanations
from tests.support.test_data import enquiry_submitted
from tests.unit.assessment.builders import cert, profile
from tests.unit.assessment.fakes import FakeAssessmentStore
from tests.unit.assessment.test_readiness_explained import CASES as CASES_V1
from tests.unit.assessment.test_readiness_explained import assert_explained

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 23)
EXPLANATIONS = load_explanations()
Q2 = {"questionnaire": 2}
ALL_PRACTICES = {"quality_practices": {"configuration_management": True, "first_article_inspection": True,
                                       "counterfeit_prevention": True}}


def _p(**kw: Any) -> dict[str, Any]:
    kw["extra"] = {**Q2, **kw.get("extra", {})}
    return kw


CASES: list[tuple[str, dict[str, Any], int, str, dict[str, Any]]] = [
    # R1: ISO 9001 alone is 1; with all three practices of the anchor it is 2; two of three stay 1.
    ("R1", _p(certs=[cert("ISO 9001")]), 1, "R1.iso9001_without_practices", {"configuration_management": False}),
    ("R1", _p(certs=[cert("ISO 9001")], extra={"quality_practices": {"configuration_management": True,
                                                                     "first_article_inspection": True}}),
     1, "R1.iso9001_without_practices", {"counterfeit_prevention": False}),
    ("R1", _p(certs=[cert("ISO 9001")], extra=ALL_PRACTICES), 2, "R1.iso9001_practices", {}),
    ("R1", _p(extra=ALL_PRACTICES), 0, "R1.no_qms", {}),  # practices without the certificate: no QMS certificate
    ("R1", _p(certs=[cert("IATF 16949")]), 2, "R1.iatf", {}),
    ("R1", _p(certs=[cert("EN 9100")]), 3, "R1.aerospace_defence_qms", {}),
    # R2: documented basics are 1 (ISMS or Grundschutz-Check); VS-NfD-approved IT is 3.
    ("R2", _p(), 0, "R2.none", {"documented_isms": False}),
    ("R2", _p(extra={"information_security": {"documented_isms": True}}), 1, "R2.documented_basics",
     {"documented_isms": True}),
    ("R2", _p(extra={"information_security": {"grundschutz_check": True}}), 1, "R2.documented_basics",
     {"grundschutz_check": True}),
    ("R2", _p(certs=[cert("BSI IT-Grundschutz")]), 1, "R2.documented_basics", {}),
    ("R2", _p(certs=[cert("ISO/IEC 27001")]), 2, "R2.iso27001_or_tisax", {}),
    ("R2", _p(extra={"information_security": {"vsnfd_approved_it": True}}), 3, "R2.vsnfd_approved_it", {}),
    ("R2", _p(certs=[cert("ISO/IEC 27001"), cert("TISAX AL3")]), 3, "R2.iso27001_and_tisax_al3", {}),
    # R3: level 2 needs ICP, screening and prior licences (v1 gave 2 for ICP + officer).
    ("R3", _p(export_officer_named=True, internal_compliance_programme=True), 0, "R3.none", {}),
    ("R3", _p(export_officer_named=True, goods_classified=True, internal_compliance_programme=True,
              screening_in_place=True), 1, "R3.officer_and_classified_v2", {"prior_bafa_licences": False}),
    ("R3", _p(internal_compliance_programme=True, screening_in_place=True, prior_bafa_licences=True), 2,
     "R3.icp_screening_licences", {"screening": True}),
    ("R3", _p(makes_teil1a_goods=True, prior_bafa_licences=True), 0, "R3.none", {}),
    ("R3", _p(makes_teil1a_goods=True, general_licences_used=True), 3, "R3.teil1a_general_licences", {}),
    ("R3", _p(certified_recipient=True), 3, "R3.certified_recipient", {}),
    # R4: 1 needs willingness and knowledge of the rules; 2 a security officer in the programme; 3 cleared staff.
    ("R4", _p(willing_to_enter_geheimschutz=True), 0, "R4.none_v2", {"knows_rules": False, "willing": True}),
    ("R4", _p(knows_vsnfd_rules=True), 0, "R4.none_v2", {"knows_rules": True, "willing": False}),
    ("R4", _p(knows_vsnfd_rules=True, willing_to_enter_geheimschutz=True), 1, "R4.willing_and_knows_rules", {}),
    ("R4", _p(geheimschutz_status="vsnfd_instructions_known", willing_to_enter_geheimschutz=True), 1,
     "R4.willing_and_knows_rules", {"knows_rules": True}),
    ("R4", _p(geheimschutz_status="in_geheimschutzbetreuung"), 0, "R4.none_v2", {"security_officer": False}),
    ("R4", _p(geheimschutz_status="in_geheimschutzbetreuung", security_officer_appointed=True), 2,
     "R4.betreuung_and_officer", {"status": "in_geheimschutzbetreuung"}),
    ("R4", _p(geheimschutz_status="sicherheitsbescheid", security_officer_appointed=True), 2,
     "R4.betreuung_and_officer", {"cleared_staff": False}),
    ("R4", _p(geheimschutz_status="sicherheitsbescheid", cleared_staff=True), 3, "R4.bescheid_and_cleared_staff", {}),
    # R6: "not stated" counts as not evidenced.
    ("R6", _p(capacity={"mrl": None, "free_capacity_percent": 30}), 0, "R6.mrl_not_stated",
     {"free_capacity_percent": 30}),
    ("R6", _p(capacity={"mrl": 8, "free_capacity_percent": None}), 1, "R6.capacity_not_stated", {"mrl": 8}),
    ("R6", _p(capacity={"mrl": 5, "free_capacity_percent": None}), 1, "R6.capacity_not_stated", {"mrl": 5}),
    ("R6", _p(capacity={"mrl": 3, "free_capacity_percent": None}), 0, "R6.low_mrl_or_no_capacity", {}),
    ("R6", _p(capacity={"mrl": 8, "free_capacity_percent": 10}), 2, "R6.mrl_7_plus", {}),
    ("R6", _p(capacity={"mrl": 6, "free_capacity_percent": 10}), 1, "R6.mrl_5_6", {}),
    ("R6", _p(capacity={"mrl": 9, "free_capacity_percent": 10, "small_lot_capable": True, "surge_capable": True}),
     3, "R6.full_rate_small_lot_surge", {}),
    # R7: an NCAGE applied for is not yet one held.
    ("R7", _p(company={"ncage_status": "applied"}), 0, "R7.ncage_applied", {"ncage_status": "applied"}),
    ("R7", _p(company={"ncage_status": "no"}), 0, "R7.none", {"ncage": False}),
    ("R7", _p(ncage="C1234", company={"ncage_status": "have"}), 1, "R7.ncage", {"ncage": True}),
    ("R7", _p(ncage="C1234"), 1, "R7.ncage", {"ncage_status": "have"}),
    ("R7", _p(access="civil_aerospace_or_security_customers"), 1, "R7.civil_aero_security", {}),
    ("R7", _p(access="sub_supplier_to_defence_primes"), 2, "R7.sub_supplier", {}),
    ("R7", _p(access="direct_defence_contracts"), 3, "R7.direct", {}),
]


@pytest.mark.parametrize(("criterion", "kw", "score", "rule", "facts"), CASES,
                         ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_each_rung_of_questionnaire_2(taxonomy_v2, criterion, kw, score, rule, facts):
    s = next(x for x in readiness(profile(**kw), taxonomy_v2, today=TODAY) if x.criterion == criterion)
    assert_explained(s, score=score, rule=rule, facts=facts)


def test_the_two_questionnaires_reach_every_readiness_sentence():
    reached = {c[3] for c in CASES} | {c[3] for c in CASES_V1}
    assert {r for r in EXPLANATIONS.templates if r[:2] in {f"R{i}" for i in range(1, 8)}} == reached


def test_the_same_facts_score_differently_only_where_the_anchor_reads_new_facts(taxonomy, taxonomy_v2):
    # ICP and a named officer were R3 = 2 in 2026.2; 2026.3 reads the anchor's "screening, prior BAFA licences" too.
    facts = {"export_officer_named": True, "goods_classified": True, "internal_compliance_programme": True}
    old = next(x for x in readiness(profile(**facts), taxonomy, today=TODAY) if x.criterion == "R3")
    new = next(x for x in readiness(profile(**facts), taxonomy_v2, today=TODAY) if x.criterion == "R3")
    assert (old.score, new.score) == (2, 1)


async def _assessed(reference_data, metrics, questionnaire: int) -> tuple[str, list[int]]:
    facts = {"knows_vsnfd_rules": True, "willing_to_enter_geheimschutz": True, "export_officer_named": True,
             "goods_classified": True, "internal_compliance_programme": True,
             "geheimschutz_status": GeheimschutzStatus.NONE}
    event = enquiry_submitted()
    p = event.profile.model_copy(update={"questionnaire": questionnaire,
                                         "compliance": event.profile.compliance.model_copy(update=facts)})
    event = event.model_copy(update={"profile": p})
    store = FakeAssessmentStore()
    envelope = new_envelope(event, subject=subjects.ENQUIRY_SUBMITTED, producer="intake",
                            correlation_id=event.reference)
    await when_enquiry_submitted_assess(envelope, store, reference_data=reference_data, clock=FrozenClock(),
                                        metrics=metrics)
    [row] = store.revisions_of(event.enquiry_id)
    return row.assessment.taxonomy_version, [c.score for c in row.assessment.readiness]


async def test_an_enquiry_keeps_the_taxonomy_of_the_questions_it_answered(reference_data, metrics):
    v1, scores_v1 = await _assessed(reference_data, metrics, 1)
    v2, scores_v2 = await _assessed(reference_data, metrics, 2)
    assert (v1, v2) == ("2026.2", "2026.3")
    # R3: ICP + officer was 2, now needs screening and licences too. R4 is 1 in both: v1 reads "knows the rules" as
    # a fact too, as the amendment form of a questionnaire-1 enquiry states it (form_prefill.py).
    assert (scores_v1[2], scores_v1[3]) == (2, 1) and (scores_v2[2], scores_v2[3]) == (1, 1)
