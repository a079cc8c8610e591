"""Development plan: one step per readiness criterion below its target, in the requested language."""
from __future__ import annotations

from collections.abc import Sequence

from shared.contracts.assessment import CriterionScore, DevelopmentStep
from shared.taxonomy import Taxonomy


def development_plan(scores: Sequence[CriterionScore], taxonomy: Taxonomy, *, language: str = "de",
                     ) -> list[DevelopmentStep]:
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
        ))
    return steps
