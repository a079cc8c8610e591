"""The one source of "now" for use cases, timers and status decisions.

Every composition root puts a `SystemClock` into its dependencies; fast tests pass a `FrozenClock` and move it
on by hand, so a rule about deadlines or dates is tested without waiting and without patching `datetime`.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that moves only when told to: for tests and for replaying a decision at a known time."""

    def __init__(self, at: datetime | None = None) -> None:
        self._now = at or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware time")

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta


def today_utc(clock: Clock) -> date:
    return clock.now().astimezone(UTC).date()
