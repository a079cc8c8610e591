"""Property tests: bounds of every score, and monotonicity of readiness and fit."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.assessment.domain.scoring import capability_fit, readiness, readiness_percent
from shared.contracts.vocab import CertificationType, DefenceMarketAccess, GeheimschutzStatus
from shared.taxonomy import load_taxonomy
from tests.unit.assessment.builders import cert, profile

pytestmark = pytest.mark.unit
TAXONOMY = load_taxonomy()  # module level: hypothesis forbids function-scoped fixtures in @given tests
TODAY = date(2026, 11, 23)
FIELDS = [f"CF{i:02d}" for i in range(1, 16)]

competences = st.dictionaries(st.sampled_from(FIELDS), st.integers(1, 3), min_size=1, max_size=15)
expiry = st.one_of(st.none(), st.integers(-800, 800).map(lambda d: TODAY + timedelta(days=d)))
certificates = st.lists(st.builds(cert, st.sampled_from([c.value for c in CertificationType]), expiry), max_size=6)
profiles = st.builds(
    lambda comps, certs, trls, mrl, free, flags, gs, access: profile(
        competences=comps, certs=certs, offerings_trl=trls, access=access,
        capacity={"mrl": mrl, "free_capacity_percent": free, "small_lot_capable": flags[0], "surge_capable": flags[1]},
        export_officer_named=flags[2], internal_compliance_programme=flags[3], goods_classified=flags[4],
        certified_recipient=flags[5], geheimschutz_status=gs, willing_to_enter_geheimschutz=flags[6],
    ),
    competences, certificates, st.lists(st.integers(1, 9), max_size=4), st.integers(1, 10), st.integers(0, 100),
    st.tuples(*[st.booleans()] * 7), st.sampled_from([g.value for g in GeheimschutzStatus]),
    st.sampled_from([a.value for a in DefenceMarketAccess]),
)


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_all_scores_within_bounds(p):
    fits = capability_fit(p, TAXONOMY)
    assert len(fits) == 15 and all(0.0 <= f.score <= 1.0 for f in fits)
    scores = readiness(p, TAXONOMY, today=TODAY)
    assert all(0 <= s.score <= 3 for s in scores)
    assert 0.0 <= readiness_percent(scores) <= 100.0


@settings(max_examples=150, deadline=None)
@given(profiles, st.sampled_from([c.value for c in CertificationType]), expiry)
def test_adding_a_certification_never_lowers_readiness(p, cert_type, expires_on):
    before = readiness_percent(readiness(p, TAXONOMY, today=TODAY))
    added = profile(certs=[cert(cert_type, expires_on)]).certifications
    more = p.model_copy(update={"certifications": [*p.certifications, *added]})
    assert readiness_percent(readiness(more, TAXONOMY, today=TODAY)) >= before


@settings(max_examples=150, deadline=None)
@given(competences, st.data())
def test_raising_a_proficiency_never_lowers_any_area_fit(comps, data):
    field = data.draw(st.sampled_from(sorted(comps)))
    raised = {**comps, field: data.draw(st.integers(comps[field], 3))}
    before = {f.area: f.score for f in capability_fit(profile(competences=comps), TAXONOMY)}
    after = {f.area: f.score for f in capability_fit(profile(competences=raised), TAXONOMY)}
    assert all(after[a] >= before[a] for a in before)


@settings(max_examples=100, deadline=None)
@given(competences, st.sampled_from(FIELDS))
def test_declaring_another_field_never_lowers_any_area_fit(comps, extra):
    before = {f.area: f.score for f in capability_fit(profile(competences=comps), TAXONOMY)}
    after = {f.area: f.score for f in capability_fit(profile(competences={extra: 1, **comps}), TAXONOMY)}
    assert all(after[a] >= before[a] for a in before)
