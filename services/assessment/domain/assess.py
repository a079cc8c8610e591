"""One assessment of one company profile: fit, readiness, gates, band, partners, plan. Pure and deterministic."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.contracts.assessment import AreaFit, CriterionScore, DevelopmentStep, GateFinding, PartnerRecommendation
from shared.contracts.intake import CompanyProfile, Consents
from shared.taxonomy import PartnerDirectory, Taxonomy

from .banding import Band, band_for, open_gates
from .gates import SanctionsScreen, check_gates
from .matching import rank_partners
from .plan import development_plan
from .scoring import capability_fit, readiness, readiness_percent


@dataclass(frozen=True)
class AssessmentResult:
    """Everything an AssessmentCompletedV1 needs except the ids and revision the service assigns."""

    taxonomy_version: str
    readiness_percent: float
    band: Band
    capability_fit: list[AreaFit]
    readiness: list[CriterionScore]
    gates: list[GateFinding]
    recommended_partners: list[PartnerRecommendation]
    development_plan: list[DevelopmentStep]

    @property
    def open_gates(self) -> list[str]:
        return open_gates(self.gates)


def assess(profile: CompanyProfile, consents: Consents, *, taxonomy: Taxonomy, partners: PartnerDirectory,
           sanctions: SanctionsScreen, today: date, language: str = "de", top_n: int = 5) -> AssessmentResult:
    fits = capability_fit(profile, taxonomy)
    scores = readiness(profile, taxonomy, today=today)
    percent = round(readiness_percent(scores), 1)
    gates = check_gates(profile, consents, taxonomy=taxonomy, partners=partners, sanctions=sanctions)
    band = band_for(percent, gates, taxonomy.bands)
    # A sanctions hit means stop (§A3.4 G1): nobody is suggested. Other gates still show candidates to the
    # advisor; the advisory side must not introduce until those gates are resolved.
    sanctioned = "G1" in open_gates(gates)
    recommended = [] if sanctioned else rank_partners(
        profile, consents, fits=fits, band=band, taxonomy=taxonomy, partners=partners, today=today, top_n=top_n,
    )
    return AssessmentResult(
        taxonomy_version=taxonomy.version,
        readiness_percent=percent,
        band=band,
        capability_fit=fits,
        readiness=scores,
        gates=gates,
        recommended_partners=recommended,
        development_plan=development_plan(scores, taxonomy, language=language),
    )
