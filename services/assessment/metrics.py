"""assessment's business metrics (names and labels fixed in docs/metrics.md).

Built unregistered by the composition root (the handlers need them before `build_app` makes the registry),
then registered on the service's registry.
"""
from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter

BANDS = ("A", "B", "C")


@dataclass(frozen=True)
class AssessmentMetrics:
    assessments: Counter

    def register_on(self, registry: CollectorRegistry) -> None:
        registry.register(self.assessments)

    def assessment_stored(self, band: str) -> None:
        self.assessments.labels(band).inc()


def assessment_metrics() -> AssessmentMetrics:
    m = AssessmentMetrics(assessments=Counter(
        "assessment_assessments_total", "Assessments completed and stored, by band (each revision counts)",
        ("band",), registry=None))
    for band in BANDS:  # every band from zero, so increase() sees the first assessment of each
        m.assessments.labels(band)
    return m
