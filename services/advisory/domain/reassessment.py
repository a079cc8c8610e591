"""The re-assessment timer (issue 17, domain.md §A3.4 band C): when a case's re-assessment is due, who set the
date, and what a new assessment or a lead's request does to it. Pure; dates are Berlin calendar days."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from shared.dates import BERLIN

from .rules import Refused

# A lead plans at most two years ahead (the taxonomy's `reassess_after_days` has the same limit).
LONGEST_AHEAD = timedelta(days=730)


@dataclass(frozen=True)
class ReassessmentTimer:
    due_on: date | None
    set_by: str | None  # "assessment" | "lead"
    reminded_for: date | None  # the due date a reminder was sent for

    @property
    def pending(self) -> bool:
        """A date that has not been reminded yet."""
        return self.due_on is not None and self.reminded_for != self.due_on


def today(now: datetime) -> date:
    """The calendar day in NRW: a date is due from midnight Berlin time, not UTC."""
    return now.astimezone(BERLIN).date()


def is_due(timer: ReassessmentTimer, *, now: datetime) -> bool:
    """What the reminder poller asks: the date has come and it was not reminded for this date yet."""
    return timer.pending and timer.due_on is not None and timer.due_on <= today(now)


def after_assessment(timer: ReassessmentTimer, assessed_due_on: date | None) -> ReassessmentTimer:
    """A new assessment revision sets the development track's date (band C) or clears its own earlier one.

    A lead's date that has not fired yet stands: the lead asked for it explicitly. The reminded date is kept, so
    a revision that repeats an already reminded date does not remind twice.
    """
    if timer.set_by == "lead" and timer.pending:
        return timer
    if assessed_due_on is None:
        return ReassessmentTimer(None, None, timer.reminded_for)
    return ReassessmentTimer(assessed_due_on, "assessment", timer.reminded_for)


def lead_request(due_on: date | None, *, now: datetime) -> ReassessmentTimer:
    """A lead sets (or, with None, cancels) the date; a new date reminds again even if the same day was reminded
    before, because the lead asked for it. Refused (422) for a date that is not ahead or more than two years ahead."""
    if due_on is None:
        return ReassessmentTimer(None, None, None)
    if due_on <= today(now):
        raise Refused(422, "reassess_not_ahead", "The re-assessment date must be after today.")
    if due_on > today(now) + LONGEST_AHEAD:
        raise Refused(422, "reassess_too_far", "The re-assessment date may be at most two years ahead.")
    return ReassessmentTimer(due_on, "lead", None)
