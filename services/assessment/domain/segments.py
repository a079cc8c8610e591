"""Which segments a company is in (start-up, SME, large, research), by the directory's segment rules.

A company may be in several: a young SME is both `startup` and `sme`. A partner or call matches when it serves any.
"""
from __future__ import annotations

from datetime import date

from shared.contracts.intake import CompanyProfile
from shared.contracts.vocab import SectorOfOrigin
from shared.taxonomy import PartnerDirectory, Segment
from shared.taxonomy.model import SegmentRules


def company_segments(profile: CompanyProfile, directory: PartnerDirectory, *, today: date) -> frozenset[Segment]:
    rules, company = directory.segment_rules, profile.company
    segments: set[Segment] = set()
    if company.sector_of_origin is SectorOfOrigin.RESEARCH:
        segments.add("research")
    else:
        segments.add("sme" if is_sme(profile, rules) else "large")
    # No founding year stated: not a start-up; the exclusion shows that the year is missing.
    if company.founded_year is not None and 0 <= today.year - company.founded_year <= rules.startup_max_age_years:
        segments.add("startup")
    return frozenset(segments)


def is_sme(profile: CompanyProfile, rules: SegmentRules) -> bool:
    """The EU SME definition: staff within the ceiling and turnover OR balance sheet within its ceiling. Figures not
    stated cannot show it: neither stated (questionnaire 1) leaves the headcount to decide; one stated above its
    ceiling and the other not stated is not shown to be an SME."""
    c = profile.company
    if c.headcount > rules.sme_max_headcount:
        return False
    figures = [(c.annual_turnover_eur_m, rules.sme_max_turnover_eur_m),
               (c.balance_sheet_total_eur_m, rules.sme_max_balance_sheet_eur_m)]
    stated = [value <= ceiling for value, ceiling in figures if value is not None]
    return any(stated) or not stated


def company_facts(profile: CompanyProfile) -> dict[str, str | int | float | None]:
    """The facts the segment rules used, for an exclusion's data."""
    c = profile.company
    facts: dict[str, str | int | float | None] = {
        "headcount": c.headcount, "founded_year": c.founded_year, "sector": c.sector_of_origin.value}
    money = {"turnover_eur_m": c.annual_turnover_eur_m, "balance_sheet_eur_m": c.balance_sheet_total_eur_m}
    return facts | {k: v for k, v in money.items() if v is not None}  # only what the company stated
