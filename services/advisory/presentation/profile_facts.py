"""The company's facts on the case page as (label, value) pairs in the reader's language (issue 15, §A3.4).

Built from the stored profile, which may be of questionnaire 1 (before turnover, NCAGE status, export regions ...
were asked): a fact the company was never asked is left out rather than shown as "no". Nothing here does I/O.
"""
from __future__ import annotations

from typing import Any

from .case_page import number
from .i18n import TEXTS, translate


def _amount(value: Any, lang: str) -> str:
    return number(float(value), lang, "#,##0.#")


def _size(co: dict[str, Any], lang: str) -> str:
    parts = [translate(lang, "facts.size_value", staff=number(int(co.get("headcount") or 0), lang, "#,##0"))]
    if co.get("annual_turnover_eur_m") is not None:
        parts.append(translate(lang, "facts.turnover", amount=_amount(co["annual_turnover_eur_m"], lang)))
    if co.get("balance_sheet_total_eur_m") is not None:
        parts.append(translate(lang, "facts.balance", amount=_amount(co["balance_sheet_total_eur_m"], lang)))
    return ", ".join(parts)


def _ncage(co: dict[str, Any], lang: str) -> str:
    status = co.get("ncage_status") or ("have" if co.get("ncage") else "no")
    return translate(lang, f"facts.ncage.{status}", code=co.get("ncage") or "")


def _sharing(consents: dict[str, Any], partner_names: dict[str, str], lang: str) -> str:
    if consents.get("share_with_all_suitable"):
        return translate(lang, "facts.sharing.all")
    named = [partner_names.get(p, p) for p in consents.get("share_with_partners", [])]
    if not named:
        return translate(lang, "facts.sharing.none")
    return translate(lang, "facts.sharing.named", names=", ".join(named))


def profile_facts(profile: dict[str, Any], consents: dict[str, Any], *, partner_names: dict[str, str],
                  lang: str) -> list[tuple[str, str]]:
    """The key facts block: size (staff, turnover, balance sheet), founding year, further NRW sites, NCAGE, export
    regions, funding interests, the scope of the sharing consent and which questionnaire the company answered."""
    co = profile.get("company") or {}
    compliance = profile.get("compliance") or {}
    questionnaire = int(profile.get("questionnaire") or 1)
    rows: list[tuple[str, str]] = [(translate(lang, "facts.size"), _size(co, lang))]
    if co.get("founded_year"):
        rows.append((translate(lang, "facts.founded"), str(co["founded_year"])))
    if co.get("sector_other"):
        rows.append((translate(lang, "facts.sector_other"), str(co["sector_other"])))
    if co.get("further_nrw_sites"):
        rows.append((translate(lang, "facts.further_sites"), ", ".join(co["further_nrw_sites"])))
    rows.append((translate(lang, "facts.ncage"), _ncage(co, lang)))
    if questionnaire >= 2:
        regions = [translate(lang, f"region.{r}") for r in compliance.get("export_destinations", [])
                   if f"region.{r}" in TEXTS]
        shown = ", ".join(regions) or translate(lang, "facts.destinations_none")
        rows.append((translate(lang, "facts.destinations"), shown))
    funding = [translate(lang, f"funding.{f}") for f in profile.get("funding_interests", [])
               if f"funding.{f}" in TEXTS]
    if funding:
        rows.append((translate(lang, "facts.funding"), ", ".join(funding)))
    rows.append((translate(lang, "facts.sharing"), _sharing(consents, partner_names, lang)))
    version = translate(lang, f"facts.questionnaire.{min(questionnaire, 2)}")
    rows.append((translate(lang, "facts.questionnaire"), version))
    return rows

