"""The error catalogue and page texts exist in German and English; placeholders are filled."""
from __future__ import annotations

import pytest

from services.intake.presentation.error_catalogue import BY_FIELD, BY_TYPE, GENERIC, translate
from services.intake.presentation.i18n import texts


@pytest.mark.parametrize("texts_", [*BY_TYPE.values(), *BY_FIELD.values(), GENERIC])
def test_every_message_has_two_different_non_empty_languages(texts_: tuple[str, str]) -> None:
    de, en = texts_
    assert de and en


def test_placeholders_are_filled_from_the_error_context() -> None:
    assert translate("string_too_long", field="company.name", lang="de", ctx={"max_length": 200}) == \
        "Bitte höchstens 200 Zeichen eingeben."
    assert translate("less_than_equal", field="offerings.0.trl", lang="en", ctx={"le": 9}) == \
        "The value must be at most 9."


def test_a_one_character_minimum_reads_as_required() -> None:
    assert translate("string_too_short", field="company.name", lang="de", ctx={"min_length": 1}) == "Bitte ausfüllen."


def test_field_specific_wording_wins_also_in_rows() -> None:
    assert "USt-IdNr." in translate("string_pattern_mismatch", field="company.vat_id", lang="de")
    assert "10 %" in translate("greater_than_equal", field="compliance.shareholders.3.percent", lang="en",
                               ctx={"ge": 10})


def test_unknown_types_and_broken_context_fall_back_to_a_generic_message() -> None:
    assert translate("something_new", field="x", lang="en") == GENERIC[1]
    assert translate("greater_than_equal", field="x", lang="de", ctx={}) == GENERIC[0]


def test_every_page_text_has_german_and_english() -> None:
    assert all(de and en for de, en in texts().values())
    assert texts()["form.submit"] == ("Anfrage absenden", "Send enquiry")
