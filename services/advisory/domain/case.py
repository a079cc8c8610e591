"""Case rules: status, priority and the SLA due point from the assessment."""
from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    AWAITING_ASSESSMENT = "awaiting_assessment"
    OPEN = "open"
    CLAIMED = "claimed"
    WAITING_FOR_COMPANY = "waiting_for_company"
    INTRODUCED = "introduced"
    CLOSED = "closed"


# Statuses of a case in the queue that is not closed (what the open-case gauge counts and closing accepts).
OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.CLAIMED, CaseStatus.WAITING_FOR_COMPANY, CaseStatus.INTRODUCED)

# Statuses in which the SLA clock runs (a closed or introduced case has nothing left to answer).
CLOCK_RUNS = frozenset({CaseStatus.OPEN, CaseStatus.CLAIMED})

# Band A companies are ready for primes now; a slow answer loses them. Open gates need a specialist soon.
_PRIORITY = {"A": "high", "B": "normal", "C": "low"}
PRIORITY_RANK = {"high": 0, "normal": 1, "low": 2}


def priority_for(band: str, open_gates: int) -> str:
    if open_gates and band != "A":
        return "normal" if band == "C" else "high"
    return _PRIORITY[band]


def top_areas(capability_fit: list[dict], *, limit: int = 3, min_score: float = 0.5) -> list[str]:
    """The case's strongest capability areas: what skills routing and the area filter look at."""
    ranked = sorted((f for f in capability_fit if f.get("score", 0) >= min_score), key=lambda f: -f["score"])
    return [f["area"] for f in ranked[:limit]]


def uncleared_gates(assessment: dict | None, clearances: dict[str, dict]) -> list[str]:
    """Gates that are open in the assessment and that no lead has cleared."""
    gates = (assessment or {}).get("gates", [])
    return [g["gate"] for g in gates if g["status"] == "open" and g["gate"] not in clearances]
