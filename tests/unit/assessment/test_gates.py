"""Unit tests for gates G1-G6."""
from __future__ import annotations

import pytest

from services.assessment.domain.gates import (
    ListSanctionsScreen,
    check_consent,
    check_ownership,
    check_sanctions,
    check_uploads,
    check_us_content,
    check_war_weapons,
    normalise_name,
)
from tests.unit.assessment.builders import consents, profile

pytestmark = pytest.mark.unit


def _holder(name: str, country: str, percent: float) -> dict:
    return {"name": name, "country": country, "percent": percent}


def test_normalise_name_ignores_case_accents_punctuation_and_legal_form():
    assert normalise_name("  Müller-Technik GmbH & Co. KG ") == normalise_name("MULLER TECHNIK")


def test_g1_matches_company_and_shareholders(sanctions):
    assert check_sanctions(profile(name="Clean Metal GmbH"), sanctions).status == "clear"
    hit = check_sanctions(profile(name="FICTITIOUS ARMS BROKERS"), sanctions)
    assert hit.status == "open" and "FICTITIOUS ARMS BROKERS" in hit.reason
    via_owner = profile(shareholders=[_holder("Doe Shadow Holdings Ltd.", "PA", 15)])
    assert check_sanctions(via_owner, sanctions).status == "open"


def test_g1_screen_is_pluggable():
    class AlwaysHit:
        def matches(self, names):
            return list(names[:1])
    assert check_sanctions(profile(), AlwaysHit()).status == "open"
    assert check_sanctions(profile(), ListSanctionsScreen([])).status == "clear"


@pytest.mark.parametrize(("holders", "extra", "status"), [
    ([_holder("A", "CN", 30)], {}, "open"),                       # non-EU >= 25 %
    ([_holder("A", "CN", 24)], {}, "clear"),
    ([_holder("A", "US", 22)], {"competences": {"CF11": 2}}, "open"),  # emerging tech: non-EU >= 20 %
    ([_holder("A", "US", 22)], {"competences": {"CF02": 2}}, "clear"),
    ([_holder("A", "FR", 12)], {"makes_teil1a_goods": True}, "open"),  # Teil I A: any foreign >= 10 %
    ([_holder("A", "DE", 60)], {"makes_teil1a_goods": True}, "clear"),
    ([_holder("A", "FR", 60)], {}, "clear"),                       # EU holder, no sensitive sector
])
def test_g2_ownership(taxonomy, holders, extra, status):
    finding = check_ownership(profile(shareholders=holders, **extra), taxonomy.ownership_screening)
    assert finding.status == status and "rule:" in finding.reason


@pytest.mark.parametrize(("us", "status", "word"), [
    ("no", "clear", "no US"), ("yes_itar", "open", "ITAR"), ("yes_ear", "open", "EAR"),
    ("unknown", "open", "needs clarification"),
])
def test_g3_us_content(us, status, word):
    finding = check_us_content(profile(us_controlled_content=us).compliance)
    assert finding.status == status and word in finding.reason


@pytest.mark.parametrize(("ww", "status"), [
    ("none", "clear"), ("possible", "open"), ("yes_without_permit", "open"), ("yes_with_permit", "clear"),
])
def test_g4_war_weapons(ww, status):
    assert check_war_weapons(profile(war_weapon_relevance=ww).compliance).status == status


def test_g5_consent(partners):
    assert check_consent(consents([]), partners).status == "open"
    unknown_only = check_consent(consents(["no-such-partner"]), partners)
    assert unknown_only.status == "open" and "no-such-partner" in unknown_only.reason
    assert check_consent(consents(["zenit"]), partners).status == "clear"


def test_g6_always_clear_without_uploads():
    assert check_uploads().status == "clear"
