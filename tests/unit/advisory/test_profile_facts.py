"""The key facts block of the case page (issue 15, questionnaire 2): what the company told about its size, sites,
NCAGE, export regions, funding interests and the scope of its sharing consent, in the reader's language; facts of
questionnaire 2 that a questionnaire-1 company was never asked are left out, not shown as "no"."""
from __future__ import annotations

from typing import Any

from services.advisory.presentation.profile_facts import profile_facts
from tests.support.test_data import enquiry_submitted

NAMES = {"zenit": "ZENIT GmbH", "aerospace-nrw": "AeroSpace.NRW"}


def _profile(**company: Any) -> dict[str, Any]:
    p = enquiry_submitted().profile.model_dump(mode="json")
    p["company"].update(company)
    return p


def _rows(profile: dict[str, Any], consents: dict[str, Any], lang: str) -> dict[str, str]:
    return dict(profile_facts(profile, consents, partner_names=NAMES, lang=lang))


def test_questionnaire_two_facts_in_german_and_english() -> None:
    p = _profile(headcount=120, annual_turnover_eur_m=12.5, balance_sheet_total_eur_m=8, founded_year=1998,
                 further_nrw_sites=["Kreis Mettmann", "Wuppertal"], ncage_status="applied", ncage=None)
    p["compliance"]["export_destinations"] = ["eu", "russia_belarus_central_asia"]
    p["funding_interests"] = ["exist", "eic"]
    p["questionnaire"] = 2
    de = _rows(p, {"share_with_all_suitable": True, "share_with_partners": []}, "de")
    assert de["Größe"] == "120 Beschäftigte, Umsatz 12,5 Mio. €, Bilanzsumme 8 Mio. €"
    assert de["Gegründet"] == "1998" and de["Weitere Standorte in NRW"] == "Kreis Mettmann, Wuppertal"
    assert de["NCAGE"] == "beantragt"
    assert de["Exportziele"] == "EU, Russland, Belarus, Zentralasien"
    assert de["Förderinteressen"] == "EXIST (Gründungsförderung), European Innovation Council (EIC)"
    assert de["Weitergabe an Partner"] == "an alle passenden Partner"
    assert de["Fragebogen"] == "Fassung 2"
    en = _rows(p, {"share_with_all_suitable": True}, "en")
    assert en["Size"] == "120 staff, turnover EUR 12.5 m, balance sheet EUR 8 m"
    assert en["NCAGE"] == "applied for" and en["Sharing with partners"] == "with all suitable partners"


def test_questionnaire_one_leaves_out_what_was_never_asked() -> None:
    p = _profile(headcount=40, ncage="D1234")
    p.pop("questionnaire", None)
    de = _rows(p, {"share_with_partners": ["zenit", "aerospace-nrw"]}, "de")
    assert de["Größe"] == "40 Beschäftigte"
    assert "Exportziele" not in de and "Gegründet" not in de
    assert de["NCAGE"] == "vorhanden: D1234"
    assert de["Weitergabe an Partner"] == "nur an: ZENIT GmbH, AeroSpace.NRW"
    assert de["Fragebogen"].startswith("Fassung 1")


def test_no_consent_says_so() -> None:
    assert _rows(_profile(), {"share_with_partners": []}, "en")["Sharing with partners"] == "no consent"


def test_every_value_of_the_vocabularies_shown_has_both_texts() -> None:
    from services.advisory.presentation.i18n import TEXTS
    from shared.contracts.vocab import ExportRegion, FundingInterest, SectorOfOrigin

    keys = ([f"sector.{s.value}" for s in SectorOfOrigin] + [f"region.{r.value}" for r in ExportRegion]
            + [f"funding.{f.value}" for f in FundingInterest])
    assert [k for k in keys if k not in TEXTS or not all(TEXTS[k])] == []
