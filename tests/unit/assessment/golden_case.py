"""One reviewed golden case: a company profile and what an advisor would defend for it (domain.md §A3.4, §A4)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from shared.contracts.intake import CompanyProfile, Consents
from tests.unit.assessment.builders import consents

TODAY = date(2026, 11, 23)  # after Defence.Tech.NRW closed (30.04.2026)
VALID = date(2028, 6, 30)


@dataclass(frozen=True)
class Case:
    name: str
    why: str  # the reviewed reason, printed with every failure
    profile: CompanyProfile
    band: str
    route: str  # primes_and_network | clusters_and_dual_use | development_track
    open_gates: tuple[str, ...] = ()
    must: tuple[str, ...] = ()  # partners that must be among the (top 5) recommendations
    first: str | None = None  # the partner that must come first (the route's lead, where it may be recommended)
    # partners that must not be recommended -> the rule that must exclude them ("" when absence is enough)
    must_not: Mapping[str, str] = field(default_factory=dict)
    calls: tuple[str, ...] = ()  # funding calls offered (open and eligible on `today`)
    closing_soon: tuple[str, ...] = ()  # ...of which flagged to the advisor as closing soon
    consents: Consents = field(default_factory=consents)
    today: date = TODAY
