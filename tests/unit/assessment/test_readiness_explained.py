"""Readiness R1-R7 carry the rule that decided the score and the facts it used (issue 15 item 5, issue 16): a page
renders the sentence from rule + facts in the reader's language, never from the English `reason`."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.assessment.domain.scoring import readiness
from shared.contracts.assessment import CriterionScore
from shared.taxonomy import load_explanations
from tests.unit.assessment.builders import cert, profile

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 23)
EXPLANATIONS = load_explanations()

CASES: list[tuple[str, dict[str, Any], int, str, dict[str, Any]]] = [
    ("R1", {}, 0, "R1.no_qms", {"valid": [], "expired": []}),
    ("R1", {"certs": [cert("ISO 9001"), cert("EN 9100", date(2026, 11, 22))]}, 1, "R1.iso9001",
     {"valid": ["ISO 9001"], "expired": ["EN 9100"]}),
    ("R1", {"certs": [cert("IATF 16949")]}, 2, "R1.iatf", {"valid": ["IATF 16949"]}),
    ("R1", {"certs": [cert("AQAP 2110")]}, 3, "R1.aerospace_defence_qms", {"valid": ["AQAP 2110"]}),
    ("R2", {}, 0, "R2.none", {"valid": []}),
    ("R2", {"certs": [cert("BSI IT-Grundschutz")]}, 1, "R2.grundschutz", {}),
    ("R2", {"certs": [cert("TISAX AL2")]}, 2, "R2.iso27001_or_tisax", {"valid": ["TISAX AL2"]}),
    ("R2", {"certs": [cert("ISO/IEC 27001"), cert("TISAX AL3")]}, 3, "R2.iso27001_and_tisax_al3", {}),
    ("R3", {"export_officer_named": True}, 0, "R3.none",
     {"export_officer_named": True, "goods_classified": False, "icp": False}),
    ("R3", {"export_officer_named": True, "goods_classified": True}, 1, "R3.officer_and_classified", {}),
    ("R3", {"export_officer_named": True, "internal_compliance_programme": True}, 2, "R3.icp_and_officer", {}),
    ("R3", {"makes_teil1a_goods": True, "prior_bafa_licences": True}, 3, "R3.teil1a_with_licences",
     {"makes_teil1a_goods": True, "prior_bafa_licences": True}),
    ("R3", {"certified_recipient": True}, 3, "R3.certified_recipient", {"certified_recipient": True}),
    ("R4", {"geheimschutz_status": "vsnfd_instructions_known"}, 0, "R4.none",
     {"status": "vsnfd_instructions_known", "willing": False}),
    ("R4", {"geheimschutz_status": "vsnfd_instructions_known", "willing_to_enter_geheimschutz": True}, 1,
     "R4.willing_and_knows_vsnfd", {"willing": True}),
    ("R4", {"geheimschutz_status": "in_geheimschutzbetreuung"}, 2, "R4.in_betreuung", {}),
    ("R4", {"geheimschutz_status": "sicherheitsbescheid"}, 3, "R4.sicherheitsbescheid", {}),
    ("R5", {}, 0, "R5.no_offering", {"offerings": 0}),
    ("R5", {"offerings_trl": [3, 6]}, 2, "R5.best_trl", {"best_trl": 6, "offerings": 2}),
    ("R6", {"capacity": {"mrl": 9, "free_capacity_percent": 0}}, 0, "R6.low_mrl_or_no_capacity",
     {"mrl": 9, "free_capacity_percent": 0}),
    ("R6", {"capacity": {"mrl": 7, "free_capacity_percent": None}}, 0, "R6.free_capacity_not_stated",
     {"mrl": 7, "free_capacity_percent": None}),
    ("R6", {"capacity": {"mrl": 5}}, 1, "R6.mrl_5_6", {"mrl": 5}),
    ("R6", {"capacity": {"mrl": 9, "small_lot_capable": True}}, 2, "R6.mrl_7_plus",
     {"small_lot": True, "surge": False}),
    ("R6", {"capacity": {"mrl": 10, "small_lot_capable": True, "surge_capable": True}}, 3,
     "R6.full_rate_small_lot_surge", {"mrl": 10}),
    ("R7", {}, 0, "R7.none", {"access": "none", "ncage": False}),
    ("R7", {"ncage": "C1234"}, 1, "R7.ncage", {"ncage": True}),
    ("R7", {"access": "civil_aerospace_or_security_customers"}, 1, "R7.civil_aero_security", {"ncage": False}),
    ("R7", {"access": "sub_supplier_to_defence_primes"}, 2, "R7.sub_supplier", {}),
    ("R7", {"access": "direct_defence_contracts"}, 3, "R7.direct", {"access": "direct_defence_contracts"}),
]


@pytest.mark.parametrize(("criterion", "kw", "score", "rule", "facts"), CASES,
                         ids=[f"{c[0]}-{c[3]}" for c in CASES])
def test_each_readiness_rule_carries_its_facts_and_renders_in_both_languages(taxonomy, criterion, kw, score, rule,
                                                                             facts):
    s = next(x for x in readiness(profile(**kw), taxonomy, today=TODAY) if x.criterion == criterion)
    assert_explained(s, score=score, rule=rule, facts=facts)


def assert_explained(s: CriterionScore, *, score: int, rule: str, facts: dict[str, Any]) -> None:
    """The score and rule expected, the facts given, and a full sentence from them in both languages."""
    assert (s.score, s.rule) == (score, rule), s.reason
    assert facts.items() <= s.facts.items()
    assert EXPLANATIONS.placeholders(rule) <= set(s.facts)
    for lang in ("de", "en"):
        text = EXPLANATIONS.render(s.rule, s.facts, lang)
        assert text and "?" not in text and "{" not in text


def test_every_readiness_rule_id_of_questionnaire_1_has_its_sentence():
    # Together with the cases of questionnaire 2 they reach every R sentence (test_readiness_v2.py).
    assert {rule for _, _, _, rule, _ in CASES} <= set(EXPLANATIONS.templates)


def test_german_sentence_shows_labels_not_enum_values(taxonomy):
    s = next(x for x in readiness(profile(geheimschutz_status="vsnfd_instructions_known"), taxonomy, today=TODAY)
             if x.criterion == "R4")
    text = EXPLANATIONS.render(s.rule, s.facts, "de")
    assert text == "Geheimschutz: Status VS-NfD-Merkblatt bekannt; Bereitschaft zur Geheimschutzbetreuung: nein."
