"""Show the delivery log's backlog in the gauges: emails by status, the oldest pending one, open dead letters."""
from __future__ import annotations

from ..metrics import NotificationMetrics
from .ports import OutboundEmails


async def report_backlog(emails: OutboundEmails, *, metrics: NotificationMetrics) -> None:
    backlog = await emails.backlog()
    for status, n in backlog.by_status.items():
        metrics.emails_by_status.labels(status).set(n)
    metrics.oldest_pending_age.set(backlog.oldest_pending_s)
    metrics.dead_letters_open.set(backlog.open_dead_letters)
