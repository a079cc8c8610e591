"""Which segments a company is in (start-up, SME, large, research), by the directory's segment rules.

A company may be in several: a young SME is both `startup` and `sme`. A partner or call matches when it serves any.
"""
from __future__ import annotations

from datetime import date

from shared.contracts.intake import CompanyProfile
from shared.contracts.vocab import SectorOfOrigin
from shared.taxonomy import PartnerDirectory, Segment


def company_segments(profile: CompanyProfile, directory: PartnerDirectory, *, today: date) -> frozenset[Segment]:
    rules, company = directory.segment_rules, profile.company
    segments: set[Segment] = set()
    if company.sector_of_origin is SectorOfOrigin.RESEARCH:
        segments.add("research")
    else:
        # EU SME definition: fewer than 250 staff (turnover and balance sheet are not asked by the intake yet).
        segments.add("sme" if company.headcount <= rules.sme_max_headcount else "large")
    # No founding year stated: not a start-up; the exclusion shows that the year is missing.
    if company.founded_year is not None and 0 <= today.year - company.founded_year <= rules.startup_max_age_years:
        segments.add("startup")
    return frozenset(segments)


def company_facts(profile: CompanyProfile) -> dict[str, str | int | None]:
    """The facts the segment rules used, for an exclusion's data."""
    c = profile.company
    return {"headcount": c.headcount, "founded_year": c.founded_year, "sector": c.sector_of_origin.value}
