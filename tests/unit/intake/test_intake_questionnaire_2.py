"""Questionnaire 2 at intake's door (issue 15, ADR 13): the new facts map from the form and back, the rules that
span fields report on the field to fix, and intake (never the company) says which questions were answered."""
from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from services.intake.domain.form_mapping import form_name, map_form
from services.intake.domain.form_prefill import form_values
from services.intake.domain.submission import EnquirySubmission, error_location
from tests.support.test_data import unique_enquiry


def _errors(body: dict[str, Any]) -> dict[tuple[str | int, ...], str]:
    with pytest.raises(ValidationError) as caught:
        EnquirySubmission.model_validate(body)
    return {error_location(e): e["type"] for e in caught.value.errors()}


def _with(**company: Any) -> dict[str, Any]:
    return unique_enquiry(**company)


def test_an_old_shaped_body_is_valid_and_becomes_questionnaire_2() -> None:
    sent = EnquirySubmission.model_validate(unique_enquiry())
    assert sent.profile().questionnaire == 2 and sent.profile().company.further_nrw_sites == []


def test_a_client_cannot_claim_an_earlier_questionnaire() -> None:
    body = unique_enquiry() | {"questionnaire": 1}
    assert ("questionnaire",) in _errors(body)


@pytest.mark.parametrize(("company", "where", "code"), [
    ({"ncage_status": "have", "ncage": None}, ("company", "ncage"), "ncage_code_missing"),
    ({"ncage_status": "applied", "ncage": "C1234"}, ("company", "ncage_status"), "ncage_status_mismatch"),
    ({"sector_of_origin": "other"}, ("company", "sector_other"), "sector_other_missing"),
    ({"further_nrw_sites": ["Wuppertal", "Atlantis"]}, ("company", "further_nrw_sites", 1), "unknown_kreis"),
    ({"further_nrw_sites": ["Wuppertal", "Wuppertal"]}, ("company", "further_nrw_sites"), "duplicate_site"),
])
def test_rules_across_fields_name_the_field_to_fix(company: dict[str, Any], where: tuple[str | int, ...],
                                                   code: str) -> None:
    assert _errors(_with(**company)).get(where) == code


def test_the_new_facts_map_from_the_form_and_back() -> None:
    form = {
        "company.annual_turnover_eur_m": ["12,5"], "company.balance_sheet_total_eur_m": ["8"],
        "company.further_nrw_sites.0.kreis": ["Kreis Mettmann"], "company.further_nrw_sites.2.kreis": ["Wuppertal"],
        "company.ncage_status": ["applied"], "company.sector_of_origin": ["textiles"],
        "quality_practices.configuration_management": ["on"], "information_security.documented_isms": ["on"],
        "compliance.screening_in_place": ["on"], "compliance.knows_vsnfd_rules": ["on"],
        "compliance.export_destinations": ["eu", "north_america"],
        "capacity.mrl": ["not_stated"], "capacity.free_capacity_not_stated": ["on"],
        "consents.share_scope": ["all"], "consents.share_with_partners": ["zenit"],
        "funding_interests": ["exist", "eic"],
    }
    mapped = map_form(form)
    d = mapped.data
    assert d["company"]["annual_turnover_eur_m"] == "12.5"
    assert d["company"]["further_nrw_sites"] == ["Kreis Mettmann", "Wuppertal"]
    assert form_name(("company", "further_nrw_sites", 1), mapped.row_keys) == "company.further_nrw_sites.2.kreis"
    assert d["capacity"]["mrl"] is None and d["capacity"]["free_capacity_percent"] is None
    assert d["consents"]["share_with_all_suitable"] is True and d["consents"]["share_with_partners"] == []
    assert d["compliance"]["screening_in_place"] is True and d["information_security"]["documented_isms"] is True
    back = form_values(d)
    for name in ("company.further_nrw_sites.1.kreis", "capacity.mrl", "capacity.free_capacity_not_stated",
                 "consents.share_scope", "compliance.export_destinations", "company.ncage_status"):
        assert back[name], name
    assert back["capacity.mrl"] == ["not_stated"] and back["consents.share_scope"] == ["all"]


def test_free_capacity_left_empty_without_not_stated_is_missing() -> None:
    body = unique_enquiry()
    body["capacity"].pop("free_capacity_percent")
    assert _errors(body).get(("capacity", "free_capacity_percent")) == "missing"


def test_the_missing_free_capacity_says_how_to_answer_honestly() -> None:
    from services.intake.presentation.error_catalogue import translate

    assert "Weiß ich nicht" in translate("missing", field="capacity.free_capacity_percent", lang="de")
    assert "I don't know" in translate("missing", field="capacity.free_capacity_percent", lang="en")
