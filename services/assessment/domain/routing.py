"""§A3.4 routes as rules: the band picks the route, hard rules exclude partners (each with a reason the advisor
sees), the match score ranks within the route, and the route's lead is placed first.

Rule order for an excluded partner (the first broken rule is reported): inactive, outside the target segments,
outside the target sectors, below the partner's minimum band, avoids ITAR content, not on this band's route, no
consent to share (GDPR, gate G5).
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from shared.contracts.assessment import ExclusionValue, PartnerExclusion, PartnerRecommendation, RouteDecision
from shared.contracts.intake import CompanyProfile, Consents
from shared.contracts.vocab import UsControlledContent as Us
from shared.taxonomy import Partner, PartnerDirectory, Segment

from .banding import BAND_RANK, Band
from .gates import consented_partner_ids
from .segments import company_facts


def route_decision(band: Band, directory: PartnerDirectory, *, segments: Collection[Segment],
                   open_gates: Sequence[str], today: date) -> RouteDecision:
    rule = directory.routes[band]
    return RouteDecision(
        route=rule.id, band=band, rule=f"route.band_{band.lower()}", lead_partner_id=rule.lead,
        company_segments=sorted(segments), held_by_gates=list(open_gates), stopped="G1" in open_gates,
        reassess_on=today + timedelta(days=rule.reassess_after_days) if rule.reassess_after_days else None,
    )


def exclusion(partner: Partner, profile: CompanyProfile, *, consented: Collection[str], band: Band,
              segments: Collection[Segment], today: date, capped_by: Sequence[str] = (),
              ) -> tuple[str, dict[str, ExclusionValue]] | None:
    """The first hard rule that keeps `partner` from this company (rule id and the facts it used), or None."""
    serves = partner.target_group
    if partner.active_until is not None and partner.active_until < today:
        return "inactive", {"active_until": partner.active_until.isoformat()}
    if not set(segments) & set(serves.segments):
        return "outside_target_segment", {"serves": list(serves.segments), "company": sorted(segments),
                                          **company_facts(profile)}
    sector = profile.company.sector_of_origin
    if serves.sectors and sector not in serves.sectors:
        return "outside_target_sector", {"serves": [s.value for s in serves.sectors], "company": sector.value}
    if BAND_RANK[band] < BAND_RANK[partner.min_band]:
        # `capped_by`: open gates that held an A-level readiness at band B (§A3.4): clearing them opens route A.
        return "below_min_band", {"min_band": partner.min_band, "band": band, "capped_by_gates": list(capped_by)}
    if partner.avoids_itar and profile.compliance.us_controlled_content is Us.YES_ITAR:
        return "avoids_itar", {"us_controlled_content": Us.YES_ITAR.value}
    if band not in partner.routes:
        return "not_on_route", {"routes": list(partner.routes), "band": band}
    if partner.id not in consented:
        return "no_consent", {}
    return None


def split_partners(profile: CompanyProfile, consents: Consents, *, directory: PartnerDirectory, band: Band,
                   segments: Collection[Segment], today: date, capped_by: Sequence[str] = (),
                   ) -> tuple[list[Partner], list[PartnerExclusion]]:
    """The partners on the route that may be recommended, and every other partner with its reason."""
    candidates, excluded = [], []
    consented = set(consented_partner_ids(consents, directory.ids))
    for p in directory.partners:
        found = exclusion(p, profile, consented=consented, band=band, segments=segments, today=today,
                          capped_by=capped_by)
        if found is None:
            candidates.append(p)
        else:
            excluded.append(PartnerExclusion(partner_id=p.id, name=p.name, rule=found[0], data=found[1]))
    return candidates, excluded


def within_route(ranked: Sequence[PartnerRecommendation], *, lead: str | None,
                 top_n: int) -> list[PartnerRecommendation]:
    """The lead first (when it is a candidate at all), then the best scores of the route."""
    first = [r for r in ranked if r.partner_id == lead]
    return [*first, *(r for r in ranked if r.partner_id != lead)][:top_n]
