"""SLA clock: due and warning points on the NRW business calendar, pausing while we wait on the company."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .calendar import add_business_days, add_business_seconds, business_seconds_between

# Share of the SLA after which team leads get a warning (Zendesk/D365 call it the "warning" KPI).
WARNING_SHARE = 0.75
_SLA_BUSINESS_DAYS = {"high": 2, "normal": 5, "low": 10}


@dataclass(frozen=True)
class SlaClock:
    due_at: datetime
    warn_at: datetime


def start_clock(opened_at: datetime, priority: str) -> SlaClock:
    """Due `n` business days after opening (n from the priority), warning at 75 % of that business time."""
    due = add_business_days(opened_at, _SLA_BUSINESS_DAYS[priority])
    span = business_seconds_between(opened_at, due)
    return SlaClock(due_at=due, warn_at=add_business_seconds(opened_at, span * WARNING_SHARE))


def resume_clock(clock: SlaClock, *, paused_at: datetime, resumed_at: datetime) -> SlaClock:
    """The clock after a pause: whatever business time was left at the pause is left again at the resume."""
    left_due = business_seconds_between(paused_at, clock.due_at)
    left_warn = business_seconds_between(paused_at, clock.warn_at)
    return SlaClock(due_at=add_business_seconds(resumed_at, left_due),
                    warn_at=add_business_seconds(resumed_at, left_warn))


def next_escalation(*, warn_at: datetime | None, due_at: datetime | None, warned: bool,
                    breached: bool) -> datetime | None:
    """When the poller must look at the case next; None when nothing is left to fire."""
    if not warned and warn_at is not None:
        return warn_at
    if not breached and due_at is not None:
        return due_at
    return None


def level_due(*, now: datetime, warn_at: datetime | None, due_at: datetime | None, warned: bool,
              breached: bool) -> str | None:
    """The escalation level to fire now: a breach supersedes a warning that was never sent."""
    if not breached and due_at is not None and now >= due_at:
        return "breach"
    if not warned and warn_at is not None and now >= warn_at:
        return "warning"
    return None
