"""Consent to share with "all suitable partners" (questionnaire 2): G5 is clear and no partner is excluded for want
of consent; named consent keeps excluding the others."""
from __future__ import annotations

from datetime import date

import pytest

from services.assessment.domain.assess import assess
from services.assessment.domain.gates import check_consent
from shared.contracts.intake import Consents
from tests.unit.assessment.builders import profile

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 23)


def _consents(*, all_suitable: bool, named: list[str]) -> Consents:
    return Consents(processing=True, share_with_partners=named, share_with_all_suitable=all_suitable,
                    no_classified_information=True, text_version="2026-01")


def test_all_suitable_partners_clears_g5(partners):
    finding = check_consent(_consents(all_suitable=True, named=[]), partners)
    assert (finding.status, finding.rule) == ("clear", "G5.all_suitable")
    assert check_consent(_consents(all_suitable=False, named=[]), partners).status == "open"


def test_no_partner_is_excluded_for_consent_when_all_suitable(taxonomy, partners, calls, sanctions):
    p = profile(competences={"CF01": 3, "CF04": 3}, offerings_trl=[7])
    named = assess(p, _consents(all_suitable=False, named=["zenit"]), taxonomy=taxonomy, partners=partners,
                   calls=calls, sanctions=sanctions, today=TODAY)
    everyone = assess(p, _consents(all_suitable=True, named=[]), taxonomy=taxonomy, partners=partners, calls=calls,
                      sanctions=sanctions, today=TODAY)
    assert any(x.rule == "no_consent" for x in named.not_recommended)
    assert not any(x.rule == "no_consent" for x in everyone.not_recommended)
    assert len(everyone.recommended_partners) >= len(named.recommended_partners)
