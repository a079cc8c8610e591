"""assessment's business metrics (names and labels fixed in docs/metrics.md), made on the service's registry."""
from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter

BANDS = ("A", "B", "C")


@dataclass(frozen=True)
class AssessmentMetrics:
    assessments: Counter

    def assessment_stored(self, band: str) -> None:
        self.assessments.labels(band).inc()


def assessment_metrics(registry: CollectorRegistry) -> AssessmentMetrics:
    m = AssessmentMetrics(assessments=Counter(
        "assessment_assessments_total", "Assessments completed and stored, by band (each revision counts)",
        ("band",), registry=registry))
    for band in BANDS:  # every band from zero, so increase() sees the first assessment of each
        m.assessments.labels(band)
    return m
