"""One assessment of one company profile: fit, readiness, gates, band, route, partners, calls, plan. Pure and
deterministic: the date comes from the caller (the use case's clock)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from shared.contracts.assessment import (
    AreaFit,
    CriterionScore,
    DevelopmentStep,
    FundingCallOffer,
    GateFinding,
    PartnerExclusion,
    PartnerRecommendation,
    RouteDecision,
)
from shared.contracts.intake import CompanyProfile, Consents
from shared.taxonomy import FundingCalls, PartnerDirectory, Taxonomy

from .banding import Band, band_for, open_gates
from .funding import calls_by_criterion, offered_calls
from .gates import ClassifiedUpload, SanctionsScreen, check_gates
from .matching import rank_partners
from .plan import development_plan
from .routing import route_decision, split_partners, within_route
from .scoring import capability_fit, readiness, readiness_percent
from .segments import company_segments


@dataclass(frozen=True)
class AssessmentResult:
    """Everything an AssessmentCompletedV1 needs except the ids and revision the service assigns."""

    taxonomy_version: str
    partner_directory_version: str
    funding_calls_version: str
    readiness_percent: float
    band: Band
    capability_fit: list[AreaFit]
    readiness: list[CriterionScore]
    gates: list[GateFinding]
    route: RouteDecision
    recommended_partners: list[PartnerRecommendation]
    not_recommended: list[PartnerExclusion]
    funding_calls: list[FundingCallOffer]
    development_plan: list[DevelopmentStep]

    @property
    def open_gates(self) -> list[str]:
        return open_gates(self.gates)


def assess(profile: CompanyProfile, consents: Consents, *, taxonomy: Taxonomy, partners: PartnerDirectory,
           calls: FundingCalls, sanctions: SanctionsScreen, today: date, language: str = "de",
           top_n: int = 5, classified_uploads: Sequence[ClassifiedUpload] = ()) -> AssessmentResult:
    fits = capability_fit(profile, taxonomy)
    scores = readiness(profile, taxonomy, today=today)
    percent = round(readiness_percent(scores), 1)
    gates = check_gates(profile, consents, taxonomy=taxonomy, partners=partners, sanctions=sanctions,
                        classified_uploads=classified_uploads)
    band = band_for(percent, gates, taxonomy.bands)
    segments = company_segments(profile, partners, today=today)
    route = route_decision(band, partners, segments=segments, open_gates=open_gates(gates), today=today)
    offers = offered_calls(profile, calls, fits=fits, segments=segments, today=today)
    recommended: list[PartnerRecommendation] = []
    excluded: list[PartnerExclusion] = []
    # A sanctions hit means stop (§A3.4 G1): nobody is suggested or explained. Other open gates still show the
    # route's candidates to the advisor as a held list; the advisory side sends nothing until they are cleared.
    if not route.stopped:
        capped_by = route.held_by_gates if percent >= taxonomy.bands.a_min_percent and band != "A" else []
        candidates, excluded = split_partners(profile, consents, directory=partners, band=band, segments=segments,
                                              today=today, capped_by=capped_by)
        ranked = rank_partners(profile, candidates, fits=fits, band=band, taxonomy=taxonomy,
                               open_programmes={o.programme for o in offers if o.programme})
        recommended = within_route(ranked, lead=route.lead_partner_id, top_n=top_n)
    return AssessmentResult(
        taxonomy_version=taxonomy.version,
        partner_directory_version=partners.version,
        funding_calls_version=calls.version,
        readiness_percent=percent,
        band=band,
        capability_fit=fits,
        readiness=scores,
        gates=gates,
        route=route,
        recommended_partners=recommended,
        not_recommended=excluded,
        funding_calls=offers,
        development_plan=development_plan(scores, taxonomy, language=language,
                                          calls_by_criterion=calls_by_criterion(offers, calls)),
    )
