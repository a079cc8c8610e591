"""Property tests of the routes: no partner outside its target group, below its minimum band or off the band's
route is ever recommended, and no closed call appears anywhere (offers, plan, context term)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.assessment.domain import assess
from services.assessment.domain.banding import BAND_RANK
from services.assessment.domain.gates import ListSanctionsScreen
from services.assessment.domain.segments import company_segments
from shared.contracts.vocab import SectorOfOrigin
from shared.taxonomy import load_funding_calls, load_partner_directory, load_taxonomy
from tests.unit.assessment.builders import ALL_PARTNERS, cert, consents, profile

pytestmark = pytest.mark.unit
TAXONOMY = load_taxonomy()  # module level: hypothesis forbids function-scoped fixtures in @given tests
PARTNERS = load_partner_directory(taxonomy=TAXONOMY)
BY_ID = {p.id: p for p in PARTNERS.partners}
SANCTIONS = ListSanctionsScreen([])
BASE_CALLS = load_funding_calls(taxonomy=TAXONOMY)
FIELDS = [f"CF{i:02d}" for i in range(1, 16)]
AREAS = [f"CA{i:02d}" for i in range(1, 16)]
DAY0 = date(2026, 1, 1)


def _calls(windows):
    """The packaged calls plus one generated call per (open offset, length) window, open to everyone in NRW."""
    extra = [{"id": f"gen-{i}", "name": f"Gen {i}", "kind": "call", "programme": prog,
              "summary": {"de": "x", "en": "x"}, "opens_on": DAY0 + timedelta(days=start),
              "closes_on": DAY0 + timedelta(days=start + length),
              "eligible": {"segments": ["startup", "sme", "large", "research"], "regions": ["NRW"],
                           "trl_min": 1, "trl_max": 9}, "supports": ["R5"], "confidence": "U", "source": "test"}
             for i, (start, length, prog) in enumerate(windows)]
    data = BASE_CALLS.model_dump(mode="json")
    return type(BASE_CALLS).model_validate({**data, "calls": [*data["calls"], *extra]})


profiles = st.builds(
    lambda comps, trls, headcount, founded, sector, kreis, funding, interests, certs, flags, access, itar: profile(
        competences=comps, offerings_trl=trls, headcount=headcount, founded=founded, sector=sector, kreis=kreis,
        funding=funding, interests=interests, certs=certs, access=access,
        capacity={"mrl": 9 if flags[0] else 5, "small_lot_capable": flags[0], "surge_capable": flags[0]},
        export_officer_named=flags[1], internal_compliance_programme=flags[1], goods_classified=flags[1],
        prior_bafa_licences=flags[2], certified_recipient=flags[2],
        us_controlled_content=itar, name=f"Prop {headcount} {founded} {sector}"),
    st.dictionaries(st.sampled_from(FIELDS), st.integers(1, 3), min_size=1, max_size=5),
    st.lists(st.integers(1, 9), max_size=3), st.sampled_from([1, 9, 249, 250, 2400]),
    st.one_of(st.none(), st.integers(2015, 2027)), st.sampled_from([s.value for s in SectorOfOrigin]),
    st.sampled_from(["Köln", "Bochum", "Rhein-Kreis Neuss", "Kreis Lippe", "outside NRW"]),
    st.lists(st.sampled_from(["defence_tech_nrw", "edf", "diana"]), unique=True),
    st.lists(st.sampled_from(AREAS), unique=True, max_size=3),
    st.lists(st.sampled_from(["EN 9100", "ISO 9001", "ISO/IEC 27001", "TISAX AL3"]).map(
        lambda t: cert(t, date(2030, 1, 1))), max_size=3),
    st.tuples(st.booleans(), st.booleans(), st.booleans()),
    st.sampled_from(["none", "sub_supplier_to_defence_primes", "direct_defence_contracts"]),
    st.sampled_from(["no", "yes_itar", "unknown"]),
)
windows = st.lists(st.tuples(st.integers(0, 700), st.integers(0, 120),
                             st.sampled_from([None, "defence_tech_nrw", "edf", "diana"])), max_size=3)


@settings(max_examples=200, deadline=None)
@given(profiles, st.lists(st.sampled_from(ALL_PARTNERS), unique=True), st.integers(0, 730), windows)
def test_no_partner_outside_its_rules_and_no_closed_call_is_ever_offered(p, consented, day, call_windows):
    today = DAY0 + timedelta(days=day)
    calls = _calls(call_windows)
    r = assess(p, consents(consented), taxonomy=TAXONOMY, partners=PARTNERS, calls=calls, sanctions=SANCTIONS,
               today=today)
    segments = company_segments(p, PARTNERS, today=today)
    who = (f"profile {p.company.name!r} (headcount {p.company.headcount}, founded {p.company.founded_year},"
           f" sector {p.company.sector_of_origin.value}, band {r.band}, segments {sorted(segments)}, {today})")
    for rec in r.recommended_partners:
        partner = BY_ID[rec.partner_id]
        tg = partner.target_group
        assert set(segments) & set(tg.segments), f"partner {partner.id} broke rule outside_target_segment for {who}"
        assert not tg.sectors or p.company.sector_of_origin in tg.sectors, \
            f"partner {partner.id} broke rule outside_target_sector for {who}"
        assert BAND_RANK[r.band] >= BAND_RANK[partner.min_band], \
            f"partner {partner.id} broke rule below_min_band for {who}"
        assert r.band in partner.routes, f"partner {partner.id} broke rule not_on_route for {who}"
        assert partner.id in consented, f"partner {partner.id} broke rule no_consent for {who}"
    closed = {c.id for c in calls.calls if not c.open_on(today)}
    closed_programmes = {c.programme.value for c in calls.calls if c.programme} - {
        c.programme.value for c in calls.calls if c.programme and c.open_on(today)}
    offered = {o.call_id for o in r.funding_calls}
    assert not offered & closed, f"closed calls {offered & closed} offered (rule call_closed) for {who}"
    for step in r.development_plan:
        assert not set(step.funding_calls) & closed, f"plan step {step.criterion} names a closed call for {who}"
    for rec in r.recommended_partners:
        context = next(t for t in rec.terms if t.name == "context")
        assert not any(prog in context.reason for prog in closed_programmes), \
            f"partner {rec.partner_id}: context rewards a closed programme (rule call_closed) for {who}"
    # Every partner is either recommended, excluded with a reason, or ranked below the top five on the route.
    listed = {x.partner_id for x in r.not_recommended} | {x.partner_id for x in r.recommended_partners}
    if not r.route.stopped:
        rest = set(BY_ID) - listed
        assert all(r.band in BY_ID[x].routes and x in consented for x in rest), f"unexplained partners {rest} for {who}"
