"""Dates and times as the people using the platform read them: Berlin time, in German or English.

Companies, advisors and partners are in NRW; a time in UTC or an ISO date on a page or in an email is a
conversion left to the reader."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")


def format_date(value: date, lang: str) -> str:
    """'09.12.2026' in German, '9 December 2026' in English."""
    if lang == "de":
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"


def format_datetime(value: datetime, lang: str) -> str:
    """'02.12.2026, 10:15 Uhr' / '2 December 2026, 10:15 (Berlin time)'; aware values are converted to Berlin
    time, naive ones taken as Berlin time."""
    local = value.astimezone(BERLIN) if value.tzinfo else value
    day = format_date(local, lang)
    return f"{day}, {local:%H:%M} Uhr" if lang == "de" else f"{day}, {local:%H:%M} (Berlin time)"
