"""The two top-level documents: Taxonomy and PartnerDirectory, with cross-reference validation and label helpers."""
from __future__ import annotations

from functools import cached_property

from pydantic import Field, model_validator

from .model import (
    Band,
    BandThresholds,
    CapabilityArea,
    CompetenceField,
    DevelopmentStepTemplate,
    FieldError,
    FieldMapping,
    Gate,
    MappingWeights,
    MatchWeights,
    OwnershipScreening,
    Partner,
    ReadinessCriterion,
    RouteRule,
    SegmentRules,
    _Frozen,
)

EXPECTED_CRITERIA = ("R1", "R2", "R3", "R4", "R5", "R6", "R7")
EXPECTED_GATES = ("G1", "G2", "G3", "G4", "G5", "G6")


def _duplicates(ids: list[str]) -> list[str]:
    return sorted({i for i in ids if ids.count(i) > 1})


class Taxonomy(_Frozen):
    version: str = Field(min_length=1)
    # Which questionnaire's facts the readiness rules read (ADR 13): 1 the first form, 2 the §A3.4 facts.
    questionnaire: int = Field(default=1, ge=1, le=2)
    competence_fields: tuple[CompetenceField, ...] = Field(min_length=1)
    capability_areas: tuple[CapabilityArea, ...] = Field(min_length=1)
    mapping_weights: MappingWeights
    mapping: dict[str, FieldMapping]
    fit_support_bonus: float = Field(ge=0, le=1)
    readiness_criteria: tuple[ReadinessCriterion, ...]
    gates: tuple[Gate, ...]
    bands: BandThresholds
    match_weights: MatchWeights
    ownership_screening: OwnershipScreening
    development_steps: dict[str, dict[int, DevelopmentStepTemplate]]

    @model_validator(mode="after")
    def _cross_references(self) -> Taxonomy:
        fields, areas = self.field_ids, self.area_ids
        for what, ids in (("competence field", [f.id for f in self.competence_fields]),
                          ("capability area", [a.id for a in self.capability_areas])):
            if dup := _duplicates(ids):
                raise ValueError(f"duplicate {what} ids: {dup}")
        if unknown := sorted(set(self.mapping) - fields):
            raise ValueError(f"mapping refers to unknown competence fields: {unknown}")
        for cf, m in self.mapping.items():
            if unknown := sorted(set(m.primary + m.secondary) - areas):
                raise ValueError(f"mapping of {cf} refers to unknown capability areas: {unknown}")
        if unknown := sorted(set(self.ownership_screening.emerging_tech_fields) - fields):
            raise ValueError(f"ownership_screening refers to unknown competence fields: {unknown}")
        if tuple(c.id for c in self.readiness_criteria) != EXPECTED_CRITERIA:
            raise ValueError(f"readiness_criteria must be exactly {', '.join(EXPECTED_CRITERIA)} in order")
        if tuple(g.id for g in self.gates) != EXPECTED_GATES:
            raise ValueError(f"gates must be exactly {', '.join(EXPECTED_GATES)} in order")
        self._check_steps()
        return self

    def _check_steps(self) -> None:
        for c in self.readiness_criteria:
            missing = [s for s in range(c.target) if s not in self.development_steps.get(c.id, {})]
            if missing:
                raise ValueError(f"development_steps.{c.id}: missing steps for scores {missing} (target {c.target})")
        if unknown := sorted(set(self.development_steps) - set(EXPECTED_CRITERIA)):
            raise ValueError(f"development_steps for unknown criteria: {unknown}")

    @cached_property
    def field_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.competence_fields)

    @cached_property
    def area_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.capability_areas)

    def weight(self, field: str, area: str) -> float:
        """M(f, c) from §A3.3: the primary or secondary weight, 0 when the field does not map to the area."""
        m = self.mapping.get(field)
        if m is None:
            return 0.0
        if area in m.primary:
            return self.mapping_weights.primary
        return self.mapping_weights.secondary if area in m.secondary else 0.0

    def criterion(self, criterion_id: str) -> ReadinessCriterion:
        return next(c for c in self.readiness_criteria if c.id == criterion_id)

    def field_label(self, field_id: str, lang: str = "de") -> str:
        return next(f.label for f in self.competence_fields if f.id == field_id).in_(lang)

    def area_label(self, area_id: str, lang: str = "de") -> str:
        return next(a.label for a in self.capability_areas if a.id == area_id).in_(lang)

    def criterion_label(self, criterion_id: str, lang: str = "de") -> str:
        return self.criterion(criterion_id).label.in_(lang)

    def gate_label(self, gate_id: str, lang: str = "de") -> str:
        return next(g.label for g in self.gates if g.id == gate_id).in_(lang)


class PartnerDirectory(_Frozen):
    version: str = Field(min_length=1)
    segment_rules: SegmentRules
    routes: dict[Band, RouteRule]
    partners: tuple[Partner, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> PartnerDirectory:
        ids = [p.id for p in self.partners]
        if dup := _duplicates(ids):
            raise FieldError(("partners", len(ids) - 1 - ids[::-1].index(dup[0]), "id"),
                             f"duplicate partner ids: {dup}")
        if missing := sorted(set("ABC") - set(self.routes)):
            raise FieldError(("routes",), f"missing bands {missing}")
        for band, rule in self.routes.items():
            lead = self.get(rule.lead) if rule.lead else None
            if rule.lead and (lead is None or band not in lead.routes):
                raise FieldError(("routes", band, "lead"), f"{rule.lead} is not a partner on route {band}")
        return self

    def check_against(self, taxonomy: Taxonomy) -> None:
        """Raise ValueError when a partner names a competence field or capability area the taxonomy lacks."""
        for i, p in enumerate(self.partners):
            if unknown := sorted(set(p.competence_fields) - taxonomy.field_ids):
                raise FieldError(("partners", i, "competence_fields"),
                                 f"partner {p.id}: unknown competence fields {unknown}")
            if unknown := sorted(set(p.capability_areas) - taxonomy.area_ids):
                raise FieldError(("partners", i, "capability_areas"),
                                 f"partner {p.id}: unknown capability areas {unknown}")

    def get(self, partner_id: str) -> Partner | None:
        return next((p for p in self.partners if p.id == partner_id), None)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.partners)
