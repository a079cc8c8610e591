"""Events published by assessment."""
from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AreaFit(_Model):
    area: str = Field(description="Capability area id, e.g. CA03")
    score: float = Field(ge=0, le=1)
    best_field: str | None = Field(description="Competence field that produced the maximum")
    supporting_fields: list[str] = Field(default_factory=list)
    reason: str = Field(description="The rule and inputs that produced the score")


class CriterionScore(_Model):
    criterion: str = Field(description="R1..R7")
    score: int = Field(ge=0, le=3)
    weight: float = Field(gt=0)
    reason: str


class GateFinding(_Model):
    gate: str = Field(description="G1..G6")
    status: Literal["open", "clear"]
    reason: str


class MatchTerm(_Model):
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
