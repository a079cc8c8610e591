"""Partner ranking (§A3.4 match score): 0.5·fit + 0.2·readiness + 0.15·focus + 0.15·context, each term explained.

Ranks only the candidates `routing.split_partners` let through (route, target group, minimum band, consent).
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

from shared.contracts.assessment import AreaFit, ExplanationFact, MatchTerm, PartnerRecommendation
from shared.contracts.intake import CompanyProfile
from shared.contracts.vocab import UsControlledContent as Us
from shared.contracts.vocab import regierungsbezirk
from shared.taxonomy import Partner, Taxonomy

from .banding import BAND_RANK, Band

ABOVE_TARGET_STEP = 0.15  # per band the company is above the partner's minimum
CROSS_CUTTING_FOCUS = 0.5  # generalist bodies have no technical focus to overlap with
CROSS_CUTTING_FIT = 0.5  # ...and get half the company's best fit, so specialists with real overlap rank first
STATE_WIDE_REGION = 0.8  # a body in the company's own Regierungsbezirk is a bit closer than a state-wide one


def _fit_term(partner: Partner, fits: Sequence[AreaFit], weight: float) -> MatchTerm:
    candidates = fits if partner.cross_cutting else [f for f in fits if f.area in partner.capability_areas]
    best = max(candidates, key=lambda f: (f.score, -int(f.area[2:])), default=None)
    value = best.score if best else 0.0
    where = f"{best.area}={value:.3f}" if best else "none"
    if partner.cross_cutting:
        return MatchTerm(name="capability_fit", weight=weight, value=round(value * CROSS_CUTTING_FIT, 4),
                         reason=f"cross-cutting partner: {CROSS_CUTTING_FIT} x best company fit over any area"
                                f" ({where})", rule="match.fit_cross_cutting",
                         facts={"area": best.area if best else None, "fit": value, "factor": CROSS_CUTTING_FIT})
    scope = f"partner areas {', '.join(partner.capability_areas)}"
    return MatchTerm(name="capability_fit", weight=weight, value=value,
                     reason=f"best company fit over {scope}: {where}",
                     rule="match.fit" if best else "match.fit_none",
                     facts={"area": best.area if best else None, "fit": value,
                            "partner_areas": list(partner.capability_areas)})


def _readiness_term(band: Band, partner: Partner, weight: float) -> MatchTerm:
    # The minimum band is a hard limit (routing); here only how far the company is above it.
    gap = BAND_RANK[band] - BAND_RANK[partner.min_band]
    value = 1.0 - ABOVE_TARGET_STEP * gap
    why = "partner's target band" if gap == 0 else f"{gap} band(s) above the partner's minimum"
    return MatchTerm(name="readiness_compatibility", weight=weight, value=value,
                     reason=f"company band {band} vs partner minimum band {partner.min_band}: {why}",
                     rule="match.band_target" if gap == 0 else "match.band_above",
                     facts={"band": band, "min_band": partner.min_band, "gap": gap})


def _focus_term(profile: CompanyProfile, partner: Partner, weight: float) -> MatchTerm:
    if partner.cross_cutting:
        return MatchTerm(name="partner_focus", weight=weight, value=CROSS_CUTTING_FOCUS,
                         reason=f"cross-cutting partner without technical focus: fixed {CROSS_CUTTING_FOCUS}",
                         rule="match.focus_cross_cutting", facts={"value": CROSS_CUTTING_FOCUS})
    fields = {c.field for c in profile.competences}
    shared_fields = sorted(fields & set(partner.competence_fields))
    field_overlap = len(shared_fields) / len(fields)
    reason = f"declared fields shared with partner: {shared_fields or 'none'} ({len(shared_fields)}/{len(fields)})"
    value = field_overlap
    rule = "match.focus"
    facts: dict[str, ExplanationFact] = {"shared_fields": shared_fields, "shared_count": len(shared_fields),
                                         "declared_count": len(fields)}
    if interests := set(profile.capability_interests):
        shared_areas = sorted(interests & set(partner.capability_areas))
        value = 0.7 * field_overlap + 0.3 * len(shared_areas) / len(interests)
        reason += (f"; area interests shared: {shared_areas or 'none'} ({len(shared_areas)}/{len(interests)});"
                   " 0.7/0.3 blend")
        rule = "match.focus_with_interests"
        facts |= {"shared_areas": shared_areas, "shared_area_count": len(shared_areas),
                  "interest_count": len(interests)}
    return MatchTerm(name="partner_focus", weight=weight, value=round(value, 4), reason=reason, rule=rule,
                     facts=facts)


def _region_value(profile: CompanyProfile, partner: Partner) -> tuple[float, str, str]:
    """The region value, its English trace and its kind (a label id of explanations-v1.yaml)."""
    rb = regierungsbezirk(profile.company.kreis)
    if rb is None:
        return 0.0, "company outside NRW", "region.outside_nrw"
    if rb in partner.regions:
        return 1.0, f"same Regierungsbezirk {rb}", "region.same"
    if "NRW" in partner.regions:
        return STATE_WIDE_REGION, f"state-wide partner, company in {rb}", "region.state_wide"
    return 0.0, f"partner serves {', '.join(partner.regions)}, company in {rb}", "region.elsewhere"


def _context_term(profile: CompanyProfile, partner: Partner, weight: float, open_programmes: Collection[str],
                  ) -> MatchTerm:
    region, region_why, region_kind = _region_value(profile, partner)
    # Only programmes with a call open on the assessment date and eligible for the company count (funding-calls).
    shared_interest = {f.value for f in profile.funding_interests} & {f.value for f in partner.funding_programmes}
    open_here = set(open_programmes) | ({partner.runs_programme.value} if partner.runs_programme else set())
    funding = sorted(shared_interest & open_here)
    sector_fit = profile.company.sector_of_origin in partner.sectors
    value = 0.5 * region + 0.25 * bool(funding) + 0.25 * sector_fit
    reason = (f"0.5 region ({region_why}) + 0.25 funding ({', '.join(funding) or 'no shared open call'}) "
              f"+ 0.25 sector ({profile.company.sector_of_origin.value} {'fits' if sector_fit else 'not listed'})")
    halved = partner.avoids_itar and profile.compliance.us_controlled_content is Us.UNKNOWN
    if halved:
        value, reason = value / 2, reason + "; halved: partner avoids ITAR and US content is unknown"
    facts: dict[str, ExplanationFact] = {"region": region_kind, "funding": funding,
                                         "sector": profile.company.sector_of_origin.value, "sector_fits": sector_fit}
    return MatchTerm(name="context", weight=weight, value=round(value, 4), reason=reason,
                     rule="match.context_halved" if halved else "match.context", facts=facts)


def rank_partners(profile: CompanyProfile, candidates: Sequence[Partner], *, fits: Sequence[AreaFit], band: Band,
                  taxonomy: Taxonomy, open_programmes: Collection[str] = ()) -> list[PartnerRecommendation]:
    """Every candidate scored, best first (ties by id); `open_programmes`: programmes of the offered calls."""
    w = taxonomy.match_weights
    ranked = []
    for p in candidates:
        terms = [_fit_term(p, fits, w.capability_fit), _readiness_term(band, p, w.readiness_compatibility),
                 _focus_term(profile, p, w.partner_focus), _context_term(profile, p, w.context, open_programmes)]
        score = min(1.0, sum(t.weight * t.value for t in terms))
        ranked.append(PartnerRecommendation(partner_id=p.id, name=p.name, score=round(score, 4), terms=terms,
                                            consented=True))
    return sorted(ranked, key=lambda r: (-r.score, r.partner_id))
