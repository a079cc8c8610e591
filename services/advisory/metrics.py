"""advisory's business metrics (names, labels and buckets fixed in docs/metrics.md).

Built unregistered, registered by the composition root on the registry of the plumbing metrics and handed (in
the dependencies) to whatever moves them: the request middleware, the background loops, the consumer handlers.
Counters and the histogram move only for committed changes (see use_cases/facts.py); the gauges copy database
state and are polled, so every replica reports the same value.
"""
from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from .domain.case import OPEN_STATUSES
from .use_cases.facts import CaseOpened, Fact, FirstClaim, IntroductionAnswered, IntroductionsSent, SlaRaised

STAGE_BUCKETS = (60, 300, 900, 3600, 4 * 3600, 8 * 3600, 86400, 2 * 86400, 5 * 86400, 10 * 86400, 30 * 86400)
STAGES = ("assessment", "queue", "work", "introduction")
SLA_LEVELS = ("warning", "breach")
INTRODUCTION_OUTCOMES = ("sent", "accepted", "declined")


def advisor_label(advisor_id: uuid.UUID) -> str:
    """The account's short id: enough to tell advisors apart on a dashboard, no name or email."""
    return advisor_id.hex[:8]


@dataclass(frozen=True)
class AdvisoryMetrics:
    cases_opened: Counter
    cases_claimed: Counter
    cases_open: Gauge
    cases_assigned: Gauge
    stage_duration: Histogram
    sla_events: Counter
    introductions: Counter
    _advisors_reported: set[str] = field(default_factory=set, init=False, repr=False)

    def register_on(self, registry: CollectorRegistry) -> None:
        for metric in (self.cases_opened, self.cases_claimed, self.cases_open, self.cases_assigned,
                       self.stage_duration, self.sla_events, self.introductions):
            registry.register(metric)

    def record(self, facts: Sequence[Fact]) -> None:
        """Move the counters and the histogram for facts of committed transactions."""
        for fact in facts:
            match fact:
                case CaseOpened(assessment_s=seconds):
                    self.cases_opened.inc()
                    self._stage("assessment", seconds)
                case FirstClaim(queue_s=seconds):
                    self.cases_claimed.inc()
                    self._stage("queue", seconds)
                case IntroductionsSent(count=count, work_s=seconds):
                    self.introductions.labels("sent").inc(count)
                    self._stage("work", seconds)
                case IntroductionAnswered(answer=answer, waited_s=seconds):
                    self.introductions.labels(answer).inc()
                    self._stage("introduction", seconds)
                case SlaRaised(level=level):
                    self.sla_events.labels(level).inc()

    def _stage(self, stage: str, seconds: float | None) -> None:
        if seconds is not None:
            # Timestamps from two clocks (intake's event time, the database's) may disagree by a little.
            self.stage_duration.labels(stage).observe(max(seconds, 0.0))

    def set_open_cases(self, by_status: Mapping[str, int]) -> None:
        """Cases in the queue and not closed (a case awaiting its assessment is not in the queue yet)."""
        for status in OPEN_STATUSES:
            self.cases_open.labels(status.value).set(by_status.get(status.value, 0))

    def set_assigned_cases(self, by_advisor: Mapping[uuid.UUID, int]) -> None:
        """Open cases per advisor; advisors that no longer appear (deactivated) are dropped from the gauge."""
        current = {advisor_label(a): n for a, n in by_advisor.items()}
        for label in self._advisors_reported - current.keys():
            self.cases_assigned.remove(label)
        for label, n in current.items():
            self.cases_assigned.labels(label).set(n)
        self._advisors_reported.clear()
        self._advisors_reported.update(current)


def advisory_metrics() -> AdvisoryMetrics:
    """The metrics, not yet registered; every label of a closed set starts at zero so increases show from 0."""
    m = AdvisoryMetrics(
        cases_opened=Counter("advisory_cases_opened_total", "Cases opened in the queue (assessment attached)",
                             registry=None),
        cases_claimed=Counter("advisory_cases_claimed_total", "First claims of a case (self, lead or auto)",
                              registry=None),
        cases_open=Gauge("advisory_cases_open", "Cases in the queue and not closed, by status (polled)",
                         ("status",), registry=None),
        cases_assigned=Gauge("advisory_cases_assigned", "Open cases per advisor (short account id; polled)",
                             ("advisor",), registry=None),
        stage_duration=Histogram("advisory_stage_duration_seconds", "Time a case spent in a stage",
                                 ("stage",), buckets=STAGE_BUCKETS, registry=None),
        sla_events=Counter("advisory_sla_events_total", "SLA warnings and breaches raised", ("level",),
                           registry=None),
        introductions=Counter("advisory_introductions_total", "Introductions sent, and partners' answers",
                              ("outcome",), registry=None),
    )
    for stage in STAGES:
        m.stage_duration.labels(stage)
    for level in SLA_LEVELS:
        m.sla_events.labels(level)
    for outcome in INTRODUCTION_OUTCOMES:
        m.introductions.labels(outcome)
    m.set_open_cases({})
    return m
