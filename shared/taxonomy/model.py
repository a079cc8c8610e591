"""Pydantic models of the versioned taxonomy and the partner directory, validated when loaded.

Cross-references are checked here, so that a broken operator file fails at start-up and not mid-assessment.
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from shared.contracts.vocab import NRW_REGIONS, FundingInterest, SectorOfOrigin

Band = Literal["A", "B", "C"]
Lang = Literal["de", "en"]
# Whom a partner serves or a call funds; a company may be in several (a young SME is both startup and sme).
Segment = Literal["startup", "sme", "large", "research"]
BAND_ORDER: dict[str, int] = {"C": 0, "B": 1, "A": 2}


class FieldError(ValueError):
    """A rule broken at `loc` below the model that raises it; the loader turns the path into a file line."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Frozen):
    de: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def in_(self, lang: str) -> str:
        return self.en if lang == "en" else self.de


class CompetenceField(_Frozen):
    id: str = Field(pattern=r"^CF\d{2}$")
    label: Text


class CapabilityArea(_Frozen):
    id: str = Field(pattern=r"^CA\d{2}$")
    label: Text
    anchors: tuple[str, ...] = ()


class FieldMapping(_Frozen):
    primary: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _disjoint(self) -> FieldMapping:
        both = set(self.primary) & set(self.secondary)
        if both:
            raise ValueError(f"areas listed as both primary and secondary: {sorted(both)}")
        return self


class MappingWeights(_Frozen):
    primary: float = Field(gt=0, le=1)
    secondary: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> MappingWeights:
        if self.secondary > self.primary:
            raise ValueError("secondary mapping weight must not exceed the primary weight")
        return self


class ReadinessCriterion(_Frozen):
    id: str = Field(pattern=r"^R\d$")
    weight: float = Field(gt=0)
    target: int = Field(ge=1, le=3)
    label: Text
    anchors: dict[int, Text]

    @model_validator(mode="after")
    def _all_anchors(self) -> ReadinessCriterion:
        if sorted(self.anchors) != [0, 1, 2, 3]:
            raise ValueError(f"{self.id}: anchors must be given for scores 0, 1, 2 and 3")
        return self


class Gate(_Frozen):
    id: str = Field(pattern=r"^G\d$")
    label: Text


class BandThresholds(_Frozen):
    a_min_percent: float = Field(gt=0, le=100)
    b_min_percent: float = Field(gt=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> BandThresholds:
        if not self.b_min_percent < self.a_min_percent:
            raise ValueError("band thresholds must be ordered: b_min_percent < a_min_percent")
        return self


class MatchWeights(_Frozen):
    capability_fit: float = Field(ge=0, le=1)
    readiness_compatibility: float = Field(ge=0, le=1)
    partner_focus: float = Field(ge=0, le=1)
    context: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _sum_to_one(self) -> MatchWeights:
        total = self.capability_fit + self.readiness_compatibility + self.partner_focus + self.context
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"match weights must sum to 1.0, got {total}")
        return self


class OwnershipScreening(_Frozen):
    cross_sector_percent: float = Field(gt=0, le=100)
    emerging_tech_percent: float = Field(gt=0, le=100)
    emerging_tech_fields: tuple[str, ...]
    sector_specific_percent: float = Field(gt=0, le=100)
    home_country: str = Field(pattern=r"^[A-Z]{2}$")
    eu_member_states: frozenset[str]

    @model_validator(mode="after")
    def _codes(self) -> OwnershipScreening:
        bad = sorted(c for c in self.eu_member_states if len(c) != 2 or not c.isupper())
        if bad:
            raise ValueError(f"eu_member_states: not ISO alpha-2 codes: {bad}")
        return self


class DevelopmentStepTemplate(_Frozen):
    action: Text
    helper: str = Field(min_length=1)
    lead_time: Text


class TargetGroup(_Frozen):
    """Whom a partner serves: company segments, and sectors of origin (empty: every sector)."""

    segments: tuple[Segment, ...] = Field(min_length=1)
    sectors: tuple[SectorOfOrigin, ...] = ()


class SegmentRules(_Frozen):
    """How a company's segments are told from its profile (see the directory file's header)."""

    startup_max_age_years: int = Field(ge=1, le=20)
    sme_max_headcount: int = Field(ge=1)
    # EU SME definition (Recommendation 2003/361/EC): staff below 250 and turnover or balance sheet within these.
    sme_max_turnover_eur_m: float = Field(default=50, gt=0)
    sme_max_balance_sheet_eur_m: float = Field(default=43, gt=0)


class RouteRule(_Frozen):
    """One band's route (§A3.4): its id, the partner placed first, and the re-assessment delay if any."""

    id: Literal["primes_and_network", "clusters_and_dual_use", "development_track"]
    lead: str | None = None
    reassess_after_days: int | None = Field(default=None, ge=1, le=730)


class Partner(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$")
    name: str = Field(min_length=1)
    kind: Literal["cluster", "network", "research", "prime", "funding", "incubator"]
    competence_fields: tuple[str, ...] = ()
    capability_areas: tuple[str, ...] = ()
    cross_cutting: bool = False
    regions: tuple[str, ...] = Field(min_length=1)
    min_band: Band
    contact_role: str = Field(min_length=1)
    # Role address that receives introductions (notification); optional so older directory files still load.
    contact_email: EmailStr | None = None
    # Language of the introduction emails to this partner.
    contact_language: Lang = "de"
    focus: str = ""
    funding_programmes: tuple[FundingInterest, ...] = ()
    # A standing programme the partner itself runs (no dated call, e.g. an incubator): it is open whenever the
    # partner is, so a company interested in it gets the match's funding term without an open call.
    runs_programme: FundingInterest | None = None
    sectors: tuple[SectorOfOrigin, ...] = ()
    avoids_itar: bool = False
    active_until: date | None = None
    target_group: TargetGroup
    # Bands whose §A3.4 route this partner belongs to; none below min_band.
    routes: tuple[Band, ...] = Field(min_length=1)
    confidence: Literal["C", "L", "U"]
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _regions_and_focus(self) -> Partner:
        unknown = sorted(set(self.regions) - set(NRW_REGIONS) - {"NRW"})
        if unknown:
            raise FieldError(("regions",),
                             f"partner {self.id}: unknown regions {unknown} (use a Regierungsbezirk or NRW)")
        if not self.cross_cutting and not self.capability_areas:
            raise FieldError(("capability_areas",), f"partner {self.id}: needs capability_areas unless cross_cutting")
        if below := sorted(b for b in self.routes if BAND_ORDER[b] < BAND_ORDER[self.min_band]):
            raise FieldError(("routes",), f"partner {self.id}: routes {below} are below its min_band {self.min_band}")
        return self
