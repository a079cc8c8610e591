"""Case rules: priority and SLA from the assessment."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from .calendar import add_business_days


class CaseStatus(StrEnum):
    AWAITING_ASSESSMENT = "awaiting_assessment"
    OPEN = "open"
    CLAIMED = "claimed"
    WAITING_FOR_COMPANY = "waiting_for_company"
    INTRODUCED = "introduced"
    CLOSED = "closed"


# Band A companies are ready for primes now; a slow answer loses them. Open gates need a specialist soon.
_PRIORITY = {"A": "high", "B": "normal", "C": "low"}
_SLA_BUSINESS_DAYS = {"high": 2, "normal": 5, "low": 10}


def priority_for(band: str, open_gates: int) -> str:
    if open_gates and band != "A":
        return "normal" if band == "C" else "high"
    return _PRIORITY[band]


def sla_due(opened_at: datetime, priority: str) -> datetime:
    return add_business_days(opened_at, _SLA_BUSINESS_DAYS[priority])
