"""SME by the EU definition (Recommendation 2003/361/EC, partner directory 2026.3): staff below 250 and turnover
up to 50 M EUR or balance sheet up to 43 M EUR; figures a company did not state cannot show it."""
from __future__ import annotations

from datetime import date

import pytest

from services.assessment.domain.segments import company_facts, company_segments
from tests.unit.assessment.builders import profile

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(("headcount", "turnover", "balance", "segment"), [
    (120, None, None, "sme"),     # questionnaire 1: the headcount alone, as before
    (250, None, None, "large"),
    (120, 49.9, None, "sme"),
    (120, 50.0, None, "sme"),     # "not exceeding" 50 M EUR
    (120, 80.0, 40.0, "sme"),     # turnover above, balance sheet within: either suffices
    (120, 80.0, 60.0, "large"),
    (120, 80.0, None, "large"),   # above the one ceiling stated, nothing stated to show the other
    (249, 10.0, 10.0, "sme"),
    (250, 10.0, 10.0, "large"),   # the staff ceiling is never waived
])
def test_sme_by_the_eu_definition(partners, headcount, turnover, balance, segment):
    p = profile(headcount=headcount, company={"annual_turnover_eur_m": turnover, "balance_sheet_total_eur_m": balance})
    segments = company_segments(p, partners, today=TODAY)
    assert segment in segments and ({"sme", "large"} - {segment}).isdisjoint(segments)


def test_the_exclusion_shows_only_the_figures_stated(partners):
    assert "turnover_eur_m" not in company_facts(profile())
    facts = company_facts(profile(company={"annual_turnover_eur_m": 80.0}))
    assert facts["turnover_eur_m"] == 80.0 and "balance_sheet_eur_m" not in facts
