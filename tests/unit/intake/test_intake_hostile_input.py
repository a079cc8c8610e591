"""Hostile or careless input at intake (issue 19): direction controls, look-alike keys, loose consent."""
from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import TypeAdapter

from services.intake.domain.form_mapping import form_shape_errors
from services.intake.domain.identity import identity_keys
from services.intake.domain.submission import EnquirySubmission
from shared.strict_json import duplicate_key, strict_errors
from tests.support.test_data import example_enquiry, unique_enquiry

from .fakes import FakeIntakeStore  # noqa: F401  # keeps the fakes importable beside these tests

HOSTILE = "Rheinm\u0435tall \u202egnp.exe\u202c GmbH"
ADAPTER: TypeAdapter[Any] = TypeAdapter(EnquirySubmission)


def test_direction_controls_are_removed_from_every_text_at_intake() -> None:
    body = example_enquiry()
    body["company"]["name"] = HOSTILE
    body["message"] = "\u2067Bitte\u2069 \u200frückrufen"
    submission = EnquirySubmission.model_validate(body)
    assert submission.company.name == "Rheinm\u0435tall gnp.exe GmbH"
    assert submission.message == "Bitte rückrufen"


def test_look_alike_identity_keys_find_the_same_company() -> None:
    real, fake = unique_enquiry(), unique_enquiry()
    real["company"]["website"] = "https://www.rheinmetall.de"
    fake["company"]["website"] = "https://rheinm\u0435tall.de"  # Cyrillic е
    real["company"]["register_number"] = "HRB 10 Amtsgericht Köln"
    fake["company"]["register_number"] = "HRB 1O Amtsgericht Köln"  # a capital O for the zero
    keys = [identity_keys(EnquirySubmission.model_validate(b).company) for b in (real, fake)]
    assert keys[0].web_domain == keys[1].web_domain
    assert keys[0].register_number == keys[1].register_number


@pytest.mark.parametrize(("path", "value"), [
    (("consents", "processing"), "true"), (("consents", "processing"), 1),
    (("consents", "no_classified_information"), "yes"), (("compliance", "exports_outside_eu"), "false"),
    (("company", "headcount"), "120"), (("capacity", "free_capacity_percent"), True),
])
def test_booleans_and_numbers_must_be_json_booleans_and_numbers(path: tuple[str, str], value: object) -> None:
    body = example_enquiry()
    body[path[0]][path[1]] = value
    assert [e.field for e in strict_errors(json.dumps(body).encode(), ADAPTER)] == [".".join(path)]
    assert strict_errors(json.dumps(example_enquiry()).encode(), ADAPTER) == []


def test_a_repeated_key_is_named() -> None:
    raw = json.dumps(example_enquiry()).replace('"processing": true', '"processing": false, "processing": true')
    assert duplicate_key(raw.encode()) == "processing"
    assert [(e.field, e.type) for e in strict_errors(raw.encode(), ADAPTER)] == [("processing", "duplicate_key")]


def test_the_form_takes_only_the_values_it_renders() -> None:
    form = {"consents.processing": ["false"], "consents.no_classified_information": ["on", "on"],
            "compliance.goods_classified": ["true"], "company.name": ["A GmbH", "B GmbH"],
            "consents.newsletter": ["on"], "compliance.exports_outside_eu": ["no"]}
    assert form_shape_errors(form) == {"consents.processing": "checkbox_value",
                                       "consents.no_classified_information": "duplicate_field",
                                       "compliance.goods_classified": "bool_type", "company.name": "duplicate_field"}
