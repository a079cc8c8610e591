"""Development plan: one step per readiness criterion below its target, in the requested language.

A step lists the offered funding calls (open and eligible on the assessment date) that support its criterion.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from shared.contracts.assessment import CriterionScore, DevelopmentStep
from shared.taxonomy import Taxonomy


def development_plan(scores: Sequence[CriterionScore], taxonomy: Taxonomy, *, language: str = "de",
                     calls_by_criterion: Mapping[str, Sequence[str]] | None = None) -> list[DevelopmentStep]:
    """Steps in criterion order; the step offered is the one for the company's current score (the next rung)."""
    steps = []
    for s in scores:
        if s.score >= taxonomy.criterion(s.criterion).target:
            continue
        template = taxonomy.development_steps[s.criterion][s.score]
        steps.append(DevelopmentStep(
            criterion=s.criterion,
            action=template.action.in_(language),
            helper=template.helper,
            lead_time=template.lead_time.in_(language),
            funding_calls=list((calls_by_criterion or {}).get(s.criterion, ())),
        ))
    return steps
