"""Business rules of a submission, the id check against the taxonomy, and translated form errors."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.intake.domain.form_prefill import form_values
from services.intake.domain.known_ids import KnownIds, unknown_ids
from services.intake.domain.submission import EnquirySubmission, error_location
from services.intake.presentation.form_validation import validate_form
from shared.taxonomy import load_partner_directory, load_taxonomy
from tests.support.test_data import example_enquiry

TAXONOMY = load_taxonomy()
KNOWN = KnownIds(TAXONOMY.field_ids, TAXONOMY.area_ids, load_partner_directory(taxonomy=TAXONOMY).ids)


def errors_of(body: dict) -> dict[tuple, str]:
    with pytest.raises(ValidationError) as info:
        EnquirySubmission.model_validate(body)
    return {error_location(e): e["type"] for e in info.value.errors()}


@pytest.mark.parametrize(("change", "where", "type_"), [
    (lambda b: b["company"].update(kreis="Berlin"), ("company", "kreis"), "unknown_kreis"),
    (lambda b: b["consents"].update(processing=False), ("consents", "processing"), "consent_required"),
    (lambda b: b["consents"].update(no_classified_information=False), ("consents", "no_classified_information"),
     "declaration_required"),
    (lambda b: b["competences"].append({"field": "CF01", "proficiency": 1}), ("competences",), "duplicate_competence"),
    (lambda b: b["capacity"].update(lot_size_min=100, lot_size_max=10), ("capacity", "lot_size_min"),
     "lot_sizes_reversed"),
    (lambda b: b["compliance"]["shareholders"].append({"name": "X", "country": "CN", "percent": 30}),
     ("compliance", "shareholders"), "shares_over_100"),
])
def test_each_rule_names_its_field_and_type(change, where, type_) -> None:
    body = example_enquiry()
    change(body)
    assert errors_of(body) == {where: type_}


def test_rules_are_reported_together_with_field_errors() -> None:
    body = example_enquiry()
    body["consents"]["processing"] = False
    body["contact"]["email"] = "nope"
    assert set(errors_of(body)) == {("consents", "processing"), ("contact", "email")}


def test_unknown_ids_are_found_under_their_fields() -> None:
    body = example_enquiry()
    body["competences"][0]["field"] = "CF42"
    body["capability_interests"] = ["CA99"]
    body["consents"]["share_with_partners"] = ["defence-nrw", "ghost-gmbh"]
    found = {(u.loc, u.type) for u in unknown_ids(EnquirySubmission.model_validate(body), KNOWN)}
    assert found == {(("competences", 0, "field"), "unknown_competence_field"),
                     (("capability_interests", 0), "unknown_capability_area"),
                     (("consents", "share_with_partners", 1), "unknown_partner")}


@pytest.mark.parametrize(("lang", "email_text", "consent_text"), [
    ("de", "Bitte eine gültige E-Mail-Adresse eingeben", "Ohne Ihre Einwilligung"),
    ("en", "Please enter a valid email address", "without your consent"),
])
def test_form_errors_are_translated_and_keyed_by_form_field(lang: str, email_text: str, consent_text: str) -> None:
    form = form_values(example_enquiry())
    form["contact.email"] = ["nope"]
    del form["consents.processing"]
    form["offerings.1.trl"] = ["99"]
    result = validate_form(form, known=KNOWN, lang=lang)
    assert result.submission is None
    assert email_text in result.errors["contact.email"]
    assert consent_text in result.errors["consents.processing"]
    assert "9" in result.errors["offerings.1.trl"]


def test_unknown_partner_posted_on_the_form_is_an_error_on_the_partner_list() -> None:
    form = form_values(example_enquiry())
    form["consents.share_with_partners"] = ["ghost-gmbh"]
    result = validate_form(form, known=KNOWN, lang="de")
    assert result.errors == {"consents.share_with_partners": "Diesen Partner gibt es nicht im Verzeichnis."}


def test_valid_form_gives_a_submission() -> None:
    result = validate_form(form_values(example_enquiry()), known=KNOWN, lang="de")
    assert result.errors == {} and result.submission is not None
