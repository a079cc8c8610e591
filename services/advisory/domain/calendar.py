"""The NRW business calendar: weekends and the public holidays of North Rhine-Westphalia."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from shared.dates import BERLIN


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = ((h + ell - 7 * m + 114) % 31) + 1
    return date(year, month, day)


@lru_cache(maxsize=64)
def nrw_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    return frozenset({
        date(year, 1, 1),                 # Neujahr
        easter - timedelta(days=2),       # Karfreitag
        easter + timedelta(days=1),       # Ostermontag
        date(year, 5, 1),                 # Tag der Arbeit
        easter + timedelta(days=39),      # Christi Himmelfahrt
        easter + timedelta(days=50),      # Pfingstmontag
        easter + timedelta(days=60),      # Fronleichnam
        date(year, 10, 3),                # Tag der Deutschen Einheit
        date(year, 11, 1),                # Allerheiligen
        date(year, 12, 25),
        date(year, 12, 26),
    })


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in nrw_holidays(day.year)


def add_business_days(start: datetime, days: int) -> datetime:
    """The same local wall-clock time `days` business days later, in Europe/Berlin (DST-safe)."""
    local = start.astimezone(BERLIN)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_business_day(day):
            remaining -= 1
    naive = datetime.combine(day, local.time().replace(tzinfo=None))
    return naive.replace(tzinfo=BERLIN)



# Business time: the clock runs only on business days (local midnight to midnight, Europe/Berlin) and counts
# real elapsed seconds, so a DST day contributes 23 or 25 hours and no arithmetic ever lands in a DST gap.


def _midnight(day: date) -> datetime:
    # Midnight exists exactly once on every German calendar day (the switches happen at 02:00/03:00).
    return datetime.combine(day, datetime.min.time()).replace(tzinfo=BERLIN)


def business_seconds_between(start: datetime, end: datetime) -> float:
    """Business seconds in [start, end); 0 when end is not after start."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.astimezone(BERLIN).date()
    last = end.astimezone(BERLIN).date()
    while day <= last:
        if is_business_day(day):
            lo = max(start, _midnight(day))
            hi = min(end, _midnight(day + timedelta(days=1)))
            total += max(0.0, (hi - lo).total_seconds())
        day += timedelta(days=1)
    return total


def add_business_seconds(start: datetime, seconds: float) -> datetime:
    """The earliest instant with `seconds` of business time after `start` (weekends and NRW holidays skipped)."""
    at = start.astimezone(BERLIN)
    remaining = seconds
    if remaining <= 0:
        return at
    while True:
        day_end = _midnight(at.date() + timedelta(days=1))
        if is_business_day(at.date()):
            left = (day_end - at).total_seconds()
            if remaining <= left:
                return (at + timedelta(seconds=remaining)).astimezone(BERLIN)
            remaining -= left
        at = day_end
