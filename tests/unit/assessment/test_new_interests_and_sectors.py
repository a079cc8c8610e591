"""Questionnaire 2's new funding interests and sectors (issue 15 item 5): an interest in the DefenseTech-Inkubator's
own standing programme counts in the incubator's context term without a dated call; the new sectors fit the
all-sector partners and never break matching or routing."""
from __future__ import annotations

from datetime import date

import pytest

from services.assessment.domain.assess import assess
from shared.contracts.vocab import SectorOfOrigin
from tests.unit.assessment.builders import consents, profile

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 23)  # no call open: only a standing programme can fill the funding share
STARTUP = {"founded": 2024, "headcount": 8, "competences": {"CF06": 3, "CF11": 2}, "interests": ["CA03"],
           "offerings_trl": [5]}


def _context(result, partner_id):
    rec = next(r for r in result.recommended_partners if r.partner_id == partner_id)
    return next(t for t in rec.terms if t.name == "context")


def _run(p, taxonomy, partners, calls, sanctions):
    return assess(p, consents(), taxonomy=taxonomy, partners=partners, calls=calls, sanctions=sanctions, today=TODAY)


def test_interest_in_the_incubator_counts_with_the_incubator_only(taxonomy, partners, calls, sanctions):
    keen = _run(profile(funding=["defencetech_incubator_nrw"], **STARTUP), taxonomy, partners, calls, sanctions)
    plain = _run(profile(**STARTUP), taxonomy, partners, calls, sanctions)
    keen_ctx, plain_ctx = _context(keen, "defensetech-inkubator-nrw"), _context(plain, "defensetech-inkubator-nrw")
    assert keen_ctx.facts["funding"] == ["defencetech_incubator_nrw"] and plain_ctx.facts["funding"] == []
    assert keen_ctx.value == pytest.approx(plain_ctx.value + 0.25)
    # No other partner runs it, and no call of it is open: elsewhere the interest changes nothing.
    others = {r.partner_id: r.score for r in plain.recommended_partners if r.partner_id != "defensetech-inkubator-nrw"}
    assert {r.partner_id: r.score for r in keen.recommended_partners if r.partner_id in others} == others


@pytest.mark.parametrize("interest", ["exist", "eic"])
def test_the_other_new_interests_are_accepted_and_change_no_score(interest, taxonomy, partners, calls, sanctions):
    keen = _run(profile(funding=[interest], **STARTUP), taxonomy, partners, calls, sanctions)
    plain = _run(profile(**STARTUP), taxonomy, partners, calls, sanctions)
    assert [(r.partner_id, r.score) for r in keen.recommended_partners] == \
        [(r.partner_id, r.score) for r in plain.recommended_partners]


@pytest.mark.parametrize("sector", [SectorOfOrigin.TEXTILES, SectorOfOrigin.DEFENCE, SectorOfOrigin.SECURITY])
def test_new_sectors_fit_the_all_sector_partners(sector, taxonomy, partners, calls, sanctions):
    r = _run(profile(sector=sector.value, competences={"CF02": 3, "CF11": 2}), taxonomy, partners, calls, sanctions)
    assert r.recommended_partners, "a company of a new sector still gets recommendations"
    for pid in ("zenit", "defence-nrw", "nrw-global-business"):
        rec = next((x for x in r.recommended_partners if x.partner_id == pid), None)
        if rec is not None:
            assert next(t for t in rec.terms if t.name == "context").facts["sector_fits"] is True, pid
    # The partner for companies in structural change (automotive supply) serves listed sectors only.
    excluded = {x.partner_id: x.rule for x in r.not_recommended}
    assert "automotiveland-nrw" in excluded
    assert all(p.sectors for p in partners.partners if p.id in ("zenit", "defence-nrw", "nrw-global-business"))
