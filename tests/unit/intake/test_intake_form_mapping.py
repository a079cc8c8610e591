"""Form fields -> submission data, error locations -> form fields, stored data -> form values."""
from __future__ import annotations

from services.intake.domain.form_mapping import form_name, is_choice, map_form
from services.intake.domain.form_prefill import form_values
from services.intake.domain.submission import CONSENT_TEXT_VERSION, EnquirySubmission
from tests.support.test_data import example_enquiry


def test_example_round_trips_through_the_form_unchanged() -> None:
    example = example_enquiry()
    expected = EnquirySubmission.model_validate(example)
    mapped = map_form(form_values(example))
    assert EnquirySubmission.model_validate(mapped.data) == expected


def test_a_legacy_vsnfd_status_opens_as_status_none_with_the_fact_ticked() -> None:
    example = example_enquiry()
    example["compliance"]["geheimschutz_status"] = "vsnfd_instructions_known"  # questionnaire 1 only
    values = form_values(example)
    assert values["compliance.geheimschutz_status"] == ["none"]  # an offered choice: the select is not empty
    assert values["compliance.knows_vsnfd_rules"] == ["on"]
    compliance = map_form(values).data["compliance"]
    assert (compliance["geheimschutz_status"], compliance["knows_vsnfd_rules"]) == ("none", True)


def test_empty_rows_are_ignored_and_row_numbers_are_kept_for_errors() -> None:
    mapped = map_form({"offerings.0.name": [""], "offerings.3.name": ["Panel"], "offerings.3.trl": ["12"],
                       "compliance.shareholders.4.country": ["de "]})
    assert mapped.data["offerings"] == [{"name": "Panel", "trl": "12"}]
    assert mapped.row_keys["offerings"] == ["3"]
    assert form_name(("offerings", 0, "trl"), mapped.row_keys) == "offerings.3.trl"
    assert mapped.data["compliance"]["shareholders"] == [{"country": "DE"}]
    assert form_name(("compliance", "shareholders", 0, "name"), mapped.row_keys) == "compliance.shareholders.4.name"


def test_competences_are_rows_and_errors_land_on_the_row_typed_in() -> None:
    mapped = map_form({"competences.0.field": ["CF07"], "competences.0.proficiency": ["2"],
                       "competences.1.field": [""], "competences.1.proficiency": [""],
                       "competences.2.evidence": ["Spritzguss"]})
    assert mapped.data["competences"] == [{"field": "CF07", "proficiency": "2"}, {"evidence": "Spritzguss"}]
    assert form_name(("competences", 1, "field"), mapped.row_keys) == "competences.2.field"


def test_what_people_type_is_forgiven() -> None:
    data = map_form({"company.vat_id": ["de 123 456 789"], "company.website": ["www.firma.de"],
                     "compliance.shareholders.0.percent": ["12,5"]}).data
    assert data["company"]["vat_id"] == "DE123456789"
    assert data["company"]["website"] == "https://www.firma.de"
    assert data["compliance"]["shareholders"][0]["percent"] == "12.5"


def test_checkboxes_missing_means_false_and_consent_version_comes_from_the_server() -> None:
    data = map_form({"consents.processing": ["on"], "consents.text_version": ["forged"]}).data
    assert data["consents"]["processing"] is True and data["consents"]["newsletter"] is False
    assert data["consents"]["text_version"] == CONSENT_TEXT_VERSION


def test_empty_inputs_are_left_out_so_required_ones_report_missing() -> None:
    data = map_form({"company.name": ["  "], "compliance.export_officer_named": [""]}).data
    assert "name" not in data["company"] and "export_officer_named" not in data["compliance"]


def test_unknown_form_names_are_ignored_not_refused() -> None:
    assert "evil" not in map_form({"evil": ["x"], "company.evil": ["y"]}).data["company"]


def test_bad_items_of_checkbox_lists_belong_to_the_list() -> None:
    assert form_name(("consents", "share_with_partners", 3), {}) == "consents.share_with_partners"
    assert form_name(("capability_interests", 0), {}) == "capability_interests"


def test_choice_fields_are_recognised_with_wildcards() -> None:
    assert is_choice("offerings.4.trl") and is_choice("competences.1.proficiency")
    assert is_choice("compliance.goods_classified") and not is_choice("company.name")
