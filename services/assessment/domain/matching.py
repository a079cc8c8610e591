"""Partner ranking (§A3.4 match score): 0.5·fit + 0.2·readiness + 0.15·focus + 0.15·context, each term explained.

Only partners the company consented to share with are ever ranked (GDPR; gate G5).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from shared.contracts.assessment import AreaFit, MatchTerm, PartnerRecommendation
from shared.contracts.intake import CompanyProfile, Consents
from shared.contracts.vocab import UsControlledContent as Us
from shared.contracts.vocab import regierungsbezirk
from shared.taxonomy import Partner, PartnerDirectory, Taxonomy

from .banding import BAND_RANK, Band

ONE_BAND_BELOW = 0.3   # partner minimum band missed by one band: still shown, clearly penalised
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
                                f" ({where})")
    scope = f"partner areas {', '.join(partner.capability_areas)}"
    return MatchTerm(name="capability_fit", weight=weight, value=value,
                     reason=f"best company fit over {scope}: {where}")


def _readiness_term(band: Band, partner: Partner, weight: float) -> MatchTerm | None:
    gap = BAND_RANK[partner.min_band] - BAND_RANK[band]
    if gap >= 2:
        return None
    if gap == 1:
        value, why = ONE_BAND_BELOW, "one band below the partner's minimum"
    else:
        # §A3.4 routing: A goes to primes, B to clusters, C to development; a partner whose minimum is far below
        # the company's band is still compatible but not the routed target.
        value = 1.0 - ABOVE_TARGET_STEP * -gap
        why = "partner's target band" if gap == 0 else f"{-gap} band(s) above the partner's minimum"
    return MatchTerm(name="readiness_compatibility", weight=weight, value=value,
                     reason=f"company band {band} vs partner minimum band {partner.min_band}: {why}")


def _focus_term(profile: CompanyProfile, partner: Partner, weight: float) -> MatchTerm:
    if partner.cross_cutting:
        return MatchTerm(name="partner_focus", weight=weight, value=CROSS_CUTTING_FOCUS,
                         reason=f"cross-cutting partner without technical focus: fixed {CROSS_CUTTING_FOCUS}")
    fields = {c.field for c in profile.competences}
    shared_fields = sorted(fields & set(partner.competence_fields))
    field_overlap = len(shared_fields) / len(fields)
    reason = f"declared fields shared with partner: {shared_fields or 'none'} ({len(shared_fields)}/{len(fields)})"
    value = field_overlap
    if interests := set(profile.capability_interests):
        shared_areas = sorted(interests & set(partner.capability_areas))
        value = 0.7 * field_overlap + 0.3 * len(shared_areas) / len(interests)
        reason += (f"; area interests shared: {shared_areas or 'none'} ({len(shared_areas)}/{len(interests)});"
                   " 0.7/0.3 blend")
    return MatchTerm(name="partner_focus", weight=weight, value=round(value, 4), reason=reason)


def _region_value(profile: CompanyProfile, partner: Partner) -> tuple[float, str]:
    rb = regierungsbezirk(profile.company.kreis)
    if rb is None:
        return 0.0, "company outside NRW"
    if rb in partner.regions:
        return 1.0, f"same Regierungsbezirk {rb}"
    if "NRW" in partner.regions:
        return STATE_WIDE_REGION, f"state-wide partner, company in {rb}"
    return 0.0, f"partner serves {', '.join(partner.regions)}, company in {rb}"


def _context_term(profile: CompanyProfile, partner: Partner, weight: float) -> MatchTerm:
    region, region_why = _region_value(profile, partner)
    funding = sorted(f.value for f in set(profile.funding_interests) & set(partner.funding_programmes))
    sector_fit = profile.company.sector_of_origin in partner.sectors
    value = 0.5 * region + 0.25 * bool(funding) + 0.25 * sector_fit
    reason = (f"0.5 region ({region_why}) + 0.25 funding ({', '.join(funding) or 'no shared programme'}) "
              f"+ 0.25 sector ({profile.company.sector_of_origin.value} {'fits' if sector_fit else 'not listed'})")
    if partner.avoids_itar and profile.compliance.us_controlled_content is Us.UNKNOWN:
        value, reason = value / 2, reason + "; halved: partner avoids ITAR and US content is unknown"
    return MatchTerm(name="context", weight=weight, value=round(value, 4), reason=reason)


def _eligible(partner: Partner, profile: CompanyProfile, consented: set[str], today: date) -> bool:
    if partner.id not in consented:
        return False
    if partner.active_until is not None and partner.active_until < today:
        return False
    return not (partner.avoids_itar and profile.compliance.us_controlled_content is Us.YES_ITAR)


def rank_partners(profile: CompanyProfile, consents: Consents, *, fits: Sequence[AreaFit], band: Band,
                  taxonomy: Taxonomy, partners: PartnerDirectory, today: date, top_n: int = 5,
                  ) -> list[PartnerRecommendation]:
    w = taxonomy.match_weights
    consented = set(consents.share_with_partners)
    ranked = []
    for p in partners.partners:
        if not _eligible(p, profile, consented, today):
            continue
        readiness_term = _readiness_term(band, p, w.readiness_compatibility)
        if readiness_term is None:  # two bands short of the partner's minimum: not an introduction to suggest
            continue
        terms = [_fit_term(p, fits, w.capability_fit), readiness_term,
                 _focus_term(profile, p, w.partner_focus), _context_term(profile, p, w.context)]
        score = min(1.0, sum(t.weight * t.value for t in terms))
        ranked.append(PartnerRecommendation(partner_id=p.id, name=p.name, score=round(score, 4), terms=terms,
                                            consented=True))
    return sorted(ranked, key=lambda r: (-r.score, r.partner_id))[:top_n]
