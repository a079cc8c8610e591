"""Events published by assessment."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .intake import EnquirySubmittedV1


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


# The facts a rule used, by name, for explanations rendered in the reader's language at display time
# (shared/taxonomy/explanations.py). Values stay data (ids, numbers, booleans), never prose.
ExplanationFact = str | int | float | bool | list[str] | None


class _Explained(_Model):
    rule: str | None = Field(default=None, description="Id of the rule that decided this result, e.g. R4.willing_and_"
                                                        "knows_vsnfd; its de/en template is in explanations.yaml")
    facts: dict[str, ExplanationFact] = Field(default_factory=dict, description="The inputs the rule used, by name")


class AreaFit(_Explained):
    area: str = Field(description="Capability area id, e.g. CA03")
    score: float = Field(ge=0, le=1)
    best_field: str | None = Field(description="Competence field that produced the maximum")
    supporting_fields: list[str] = Field(default_factory=list)
    reason: str = Field(description="The derivation as an English formula trace (for experts; not shown as "
                                    "prose: pages render `rule` and `facts`)")


class CriterionScore(_Explained):
    criterion: str = Field(description="R1..R7")
    score: int = Field(ge=0, le=3)
    weight: float = Field(gt=0)
    reason: str


class GateFinding(_Explained):
    gate: str = Field(description="G1..G6")
    status: Literal["open", "clear"]
    reason: str


class MatchTerm(_Explained):
    name: str = Field(description="capability_fit | readiness_compatibility | partner_focus | context")
    weight: float
    value: float = Field(ge=0, le=1)
    reason: str


class PartnerRecommendation(_Model):
    partner_id: str
    name: str
    score: float = Field(ge=0, le=1)
    terms: list[MatchTerm] = Field(default_factory=list)
    consented: bool = Field(description="The company consented to share its profile with this partner")


class DevelopmentStep(_Model):
    criterion: str
    action: str
    helper: str = Field(description="The NRW body that helps")
    lead_time: str
    funding_calls: list[str] = Field(default_factory=list,
                                     description="Ids of open calls (see `funding_calls`) that fund this step")


ExclusionValue = str | int | float | list[str] | None


class RouteDecision(_Model):
    """The §A3.4 route the band decided; partners are ranked only within it."""

    route: Literal["primes_and_network", "clusters_and_dual_use", "development_track"]
    band: Literal["A", "B", "C"]
    rule: str = Field(description="Rule id, e.g. route.band_a")
    lead_partner_id: str | None = Field(default=None, description="Placed first (front door or development lead)")
    company_segments: list[str] = Field(default_factory=list, description="startup | sme | large | research")
    held_by_gates: list[str] = Field(default_factory=list,
                                     description="Open gates: the list is held, nothing is sent until cleared")
    stopped: bool = Field(default=False, description="G1 sanctions match: nobody is recommended")
    reassess_on: date | None = Field(default=None, description="Development track: date of the re-assessment")


class PartnerExclusion(_Model):
    """A directory partner that is not recommended, with the rule that excluded it and the facts it used."""

    partner_id: str
    name: str
    rule: str = Field(description="inactive | outside_target_segment | outside_target_sector | below_min_band |"
                                  " avoids_itar | not_on_route | no_consent")
    data: dict[str, ExclusionValue] = Field(default_factory=dict)


class FundingCallOffer(_Model):
    """A call open on the assessment date that the company is eligible for."""

    call_id: str
    name: str
    programme: str | None = None
    closes_on: date
    days_left: int = Field(ge=0)
    closing_soon: bool = Field(description="Closes within the calls file's `closing_soon_days`: flag to the advisor")
    interested: bool = Field(description="The company declared interest in the call's programme")


class SubmissionAssessed(_Model):
    """The submission a first assessment was made from, passed on so that advisory builds the case from one event
    instead of also following intake's (ADR 14)."""

    event_id: uuid.UUID = Field(description="The `enquiry.submitted` event's id (the case timeline's entry keeps it)")
    submitted_at: datetime = Field(description="When intake accepted the enquiry (the event's occurred_at)")
    enquiry: EnquirySubmittedV1


class AssessmentCompletedV1(_Model):
    """An enquiry was assessed. Subject `assessment.assessment.completed.v1`."""

    enquiry_id: uuid.UUID
    assessment_id: uuid.UUID
    revision: int = Field(ge=1, description="1 for the first assessment, +1 for each re-assessment")
    taxonomy_version: str
    readiness_percent: float = Field(ge=0, le=100)
    band: Literal["A", "B", "C"]
    capability_fit: list[AreaFit]
    readiness: list[CriterionScore]
    gates: list[GateFinding] = Field(default_factory=list)
    recommended_partners: list[PartnerRecommendation] = Field(default_factory=list)
    development_plan: list[DevelopmentStep] = Field(default_factory=list)
    partner_directory_version: str | None = Field(default=None, description="Version of the partner directory")
    funding_calls_version: str | None = Field(default=None, description="Version of the funding-calls file")
    route: RouteDecision | None = None
    not_recommended: list[PartnerExclusion] = Field(default_factory=list)
    funding_calls: list[FundingCallOffer] = Field(default_factory=list)
    submission: SubmissionAssessed | None = Field(
        default=None, description="Only on the assessment of a submission: the enquiry as submitted, for the case "
                                  "(ADR 14). Re-assessments after an amendment or a refused upload leave it out.")
