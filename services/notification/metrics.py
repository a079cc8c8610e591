"""notification's business metrics, made once on the service's registry (next to the plumbing metrics)."""
from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import Counter, Gauge

from shared.metrics import PlumbingMetrics


@dataclass(frozen=True)
class NotificationMetrics:
    emails_sent: Counter
    emails_failed: Counter
    emails_retried: Counter
    emails_by_status: Gauge
    oldest_pending_age: Gauge
    # The plumbing gauge, labelled with this service: the dispatcher refreshes it with the delivery gauges.
    dead_letters_open: Gauge


def notification_metrics(plumbing: PlumbingMetrics, *, service: str) -> NotificationMetrics:
    reg = plumbing.registry
    return NotificationMetrics(
        emails_sent=Counter("notification_emails_sent_total", "Emails accepted by SMTP", ("template", "language"),
                            registry=reg),
        emails_failed=Counter("notification_emails_failed_total", "Emails given up", ("template", "reason"),
                              registry=reg),
        emails_retried=Counter("notification_emails_retried_total", "Transient send failures", ("template",),
                               registry=reg),
        emails_by_status=Gauge("notification_emails", "Emails not (yet) sent, by status (pending|sending|failed)",
                               ("status",), registry=reg),
        oldest_pending_age=Gauge("notification_oldest_pending_email_age_seconds",
                                 "Age of the oldest pending email (0 if none)", registry=reg),
        dead_letters_open=plumbing.dead_letters_open.labels(service),
    )
