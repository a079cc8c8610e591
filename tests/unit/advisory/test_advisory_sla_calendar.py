"""SLA calendar against an independent oracle: a hand-written NRW holiday table, weekends, DST days."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from services.advisory.domain.calendar import add_business_days, add_business_seconds, business_seconds_between
from services.advisory.domain.sla import WARNING_SHARE, level_due, resume_clock, start_clock

BERLIN = ZoneInfo("Europe/Berlin")
# Written out by hand (not computed from Easter) so the oracle shares no code with the implementation.
HOLIDAYS = {date.fromisoformat(d) for d in (
    "2025-01-01 2025-04-18 2025-04-21 2025-05-01 2025-05-29 2025-06-09 2025-06-19 2025-10-03 2025-11-01"
    " 2025-12-25 2025-12-26 2026-01-01 2026-04-03 2026-04-06 2026-05-01 2026-05-14 2026-05-25 2026-06-04"
    " 2026-10-03 2026-11-01 2026-12-25 2026-12-26 2027-01-01 2027-03-26 2027-03-29 2027-05-01 2027-05-06"
    " 2027-05-17 2027-05-27 2027-10-03 2027-11-01 2027-12-25 2027-12-26 2028-01-01 2028-04-14 2028-04-17"
    " 2028-05-01 2028-05-25 2028-06-05 2028-06-15 2028-10-03 2028-11-01 2028-12-25 2028-12-26").split()}
instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 1),
                        timezones=st.just(UTC))


def oracle_business_day(d: date) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS


def oracle_seconds(start: datetime, end: datetime) -> float:
    """Walk hour by hour in UTC (every hour boundary is exact in UTC) and keep the business parts."""
    total, at = 0.0, start
    while at < end:
        nxt = min(end, (at.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)))
        if oracle_business_day(at.astimezone(BERLIN).date()):
            total += (nxt - at).total_seconds()
        at = nxt
    return total


@given(instants, st.integers(min_value=1, max_value=15))
def test_add_business_days_lands_on_a_business_day_at_the_same_wall_clock(start: datetime, n: int) -> None:
    due = add_business_days(start, n)
    local_start, local_due = start.astimezone(BERLIN), due.astimezone(BERLIN)
    assert oracle_business_day(local_due.date())
    skipped = [local_start.date() + timedelta(days=i)
               for i in range(1, (local_due.date() - local_start.date()).days + 1)]
    assert sum(oracle_business_day(d) for d in skipped) == n
    # the same wall-clock time, except inside the spring-forward gap, which shifts by the DST hour
    assert local_due.replace(tzinfo=None).time() in {local_start.replace(tzinfo=None).time(),
                                                     (local_start + timedelta(hours=1)).replace(tzinfo=None).time()}


@settings(max_examples=60)
@given(instants, st.integers(min_value=0, max_value=20 * 24 * 3600))
def test_business_seconds_match_the_oracle(start: datetime, span: int) -> None:
    end = start + timedelta(seconds=span)
    assert abs(business_seconds_between(start, end) - oracle_seconds(start, end)) < 1e-6


@settings(max_examples=200)
@given(instants, st.floats(min_value=0, max_value=30 * 86400, allow_nan=False))
def test_add_business_seconds_round_trips(start: datetime, seconds: float) -> None:
    end = add_business_seconds(start, seconds)
    assert abs(business_seconds_between(start, end) - seconds) < 1e-3
    assert end >= start


@given(instants, st.sampled_from(["high", "normal", "low"]))
def test_warning_comes_at_75_percent_of_the_business_time(start: datetime, priority: str) -> None:
    clock = start_clock(start, priority)
    whole = business_seconds_between(start, clock.due_at)
    assert start <= clock.warn_at <= clock.due_at
    assert abs(business_seconds_between(start, clock.warn_at) - WARNING_SHARE * whole) < 1e-3


@given(instants, st.integers(min_value=0, max_value=5 * 86400), st.integers(min_value=0, max_value=20 * 86400))
def test_a_pause_keeps_the_business_time_left(start: datetime, before: int, paused_for: int) -> None:
    clock = start_clock(start, "normal")
    paused_at = start + timedelta(seconds=before)
    resumed_at = paused_at + timedelta(seconds=paused_for)
    after = resume_clock(clock, paused_at=paused_at, resumed_at=resumed_at)
    left = business_seconds_between(paused_at, clock.due_at)
    assert abs(business_seconds_between(resumed_at, after.due_at) - left) < 1e-3


def test_known_dates_dst_and_holidays() -> None:
    # Friday before the spring DST switch, 10:00 local; 2 business days -> Tuesday 10:00 CEST
    fri = datetime(2026, 3, 27, 10, 0, tzinfo=BERLIN)
    assert add_business_days(fri, 2) == datetime(2026, 3, 31, 10, 0, tzinfo=BERLIN)
    # Maundy Thursday 2026: Good Friday and Easter Monday are skipped
    thu = datetime(2026, 4, 2, 9, 0, tzinfo=BERLIN)
    assert add_business_days(thu, 1) == datetime(2026, 4, 7, 9, 0, tzinfo=BERLIN)
    # Corpus Christi (Fronleichnam) 2026-06-04 is an NRW holiday
    assert add_business_days(datetime(2026, 6, 3, 12, 0, tzinfo=BERLIN), 1).date() == date(2026, 6, 5)
    # EU DST switches on Sundays: across the autumn weekend 73 real hours pass but only 24 business hours
    fri, mon = datetime(2026, 10, 23, 12, 0, tzinfo=BERLIN), datetime(2026, 10, 26, 12, 0, tzinfo=BERLIN)
    assert (mon.astimezone(UTC) - fri.astimezone(UTC) == timedelta(hours=73)
            and business_seconds_between(fri, mon) == 24 * 3600)


def test_breach_supersedes_an_unsent_warning_and_nothing_fires_twice() -> None:
    now = datetime(2026, 5, 5, 12, tzinfo=UTC)
    past, future = now - timedelta(hours=1), now + timedelta(hours=1)
    assert level_due(now=now, warn_at=past, due_at=future, warned=False, breached=False) == "warning"
    assert level_due(now=now, warn_at=past, due_at=past, warned=False, breached=False) == "breach"
    assert level_due(now=now, warn_at=past, due_at=future, warned=True, breached=False) is None
    assert level_due(now=now, warn_at=past, due_at=past, warned=True, breached=True) is None
