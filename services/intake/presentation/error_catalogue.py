"""Every validation error a person can see, in German and English.

Keys are pydantic error types (plus our own rule types from the submission model and the id check);
`{min_length}`-style placeholders are filled from the error's context. Field-specific wording wins over
the generic one, so a wrong VAT id says how a VAT id looks instead of quoting a regular expression.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Texts = tuple[str, str]  # (de, en)

GENERIC: Texts = ("Bitte prüfen Sie diese Angabe.", "Please check this entry.")

BY_TYPE: dict[str, Texts] = {
    "missing": ("Bitte ausfüllen.", "Please fill in this field."),
    "missing_choice": ("Bitte eine Auswahl treffen.", "Please make a choice."),
    "required": ("Bitte ausfüllen.", "Please fill in this field."),
    "string_too_short": ("Bitte mindestens {min_length} Zeichen eingeben.",
                         "Please enter at least {min_length} characters."),
    "string_too_long": ("Bitte höchstens {max_length} Zeichen eingeben.",
                        "Please enter at most {max_length} characters."),
    "string_pattern_mismatch": ("Das Format stimmt nicht.", "The format is not valid."),
    "string_type": ("Bitte Text eingeben.", "Please enter text."),
    "int_parsing": ("Bitte eine ganze Zahl eingeben.", "Please enter a whole number."),
    "int_type": ("Bitte eine ganze Zahl eingeben.", "Please enter a whole number."),
    "int_from_float": ("Bitte eine ganze Zahl eingeben.", "Please enter a whole number."),
    "float_parsing": ("Bitte eine Zahl eingeben.", "Please enter a number."),
    "float_type": ("Bitte eine Zahl eingeben.", "Please enter a number."),
    "greater_than_equal": ("Der Wert muss mindestens {ge} sein.", "The value must be at least {ge}."),
    "less_than_equal": ("Der Wert darf höchstens {le} sein.", "The value must be at most {le}."),
    "greater_than": ("Der Wert muss größer als {gt} sein.", "The value must be greater than {gt}."),
    "less_than": ("Der Wert muss kleiner als {lt} sein.", "The value must be less than {lt}."),
    "bool_parsing": ("Bitte Ja oder Nein wählen.", "Please choose yes or no."),
    "bool_type": ("Bitte Ja oder Nein wählen.", "Please choose yes or no."),
    "enum": ("Bitte einen Eintrag aus der Liste wählen.", "Please choose an entry from the list."),
    "literal_error": ("Bitte einen Eintrag aus der Liste wählen.", "Please choose an entry from the list."),
    "url_parsing": ("Bitte eine gültige Webadresse eingeben, z. B. https://www.firma.de.",
                    "Please enter a valid web address, e.g. https://www.company.com."),
    "url_scheme": ("Die Webadresse muss mit http:// oder https:// beginnen.",
                   "The web address must start with http:// or https://."),
    "url_type": ("Bitte eine gültige Webadresse eingeben.", "Please enter a valid web address."),
    "url_too_long": ("Die Webadresse ist zu lang.", "The web address is too long."),
    "date_parsing": ("Bitte ein Datum eingeben (TT.MM.JJJJ).", "Please enter a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": ("Bitte ein Datum eingeben (TT.MM.JJJJ).", "Please enter a date (YYYY-MM-DD)."),
    "date_type": ("Bitte ein Datum eingeben.", "Please enter a date."),
    "too_short": ("Bitte mindestens {min_length} Eintrag/Einträge angeben.",
                  "Please give at least {min_length} entry/entries."),
    "too_long": ("Bitte höchstens {max_length} Einträge angeben.", "Please give at most {max_length} entries."),
    "list_type": ("Bitte aus der Liste wählen.", "Please choose from the list."),
    "extra_forbidden": ("Dieses Feld ist nicht vorgesehen.", "This field is not expected."),
    "value_error": GENERIC,
    # our rules (services/intake/domain/submission.py and known_ids.py)
    "unknown_kreis": ("Bitte Ihren Kreis oder Ihre kreisfreie Stadt aus der Liste wählen.",
                      "Please choose your district from the list."),
    "consent_required": ("Ohne Ihre Einwilligung können wir Ihre Anfrage nicht bearbeiten.",
                         "We cannot process your enquiry without your consent."),
    "declaration_required": ("Bitte bestätigen Sie, dass Sie keine Verschlusssachen (VS) übermitteln.",
                             "Please confirm that you will not submit classified (VS) information."),
    "duplicate_field": ("Dieses Feld wurde mehrfach gesendet. Bitte das Formular neu laden.",
                        "This field was sent more than once. Please reload the form."),
    "checkbox_value": ("Dieses Kästchen bitte im Formular anhaken.", "Please tick this box in the form."),
    "duplicate_competence": ("Jedes Kompetenzfeld bitte nur einmal angeben.",
                             "Please declare each competence field once."),
    "lot_sizes_reversed": ("Die kleinste Losgröße darf nicht größer als die größte sein.",
                           "The smallest lot size must not exceed the largest."),
    "shares_over_100": ("Die Anteile ergeben zusammen mehr als 100 %.", "The shares add up to more than 100 %."),
    "sector_other_missing": ("Bitte nennen Sie Ihre Branche, wenn Sie „Sonstige“ wählen.",
                             "Please name your sector when you choose “Other”."),
    "ncage_code_missing": ("Bitte den NCAGE-Code eintragen (oder „Beantragt“ bzw. „Nein“ wählen).",
                           "Please enter the NCAGE code (or choose “Applied for” or “No”)."),
    "ncage_status_mismatch": ("Sie haben einen NCAGE-Code eingetragen: bitte „Ja“ wählen oder den Code löschen.",
                              "You entered an NCAGE code: please choose “Yes” or delete the code."),
    "duplicate_site": ("Jeden Standort bitte nur einmal angeben.", "Please name each site once."),
    "unknown_competence_field": ("Dieses Kompetenzfeld gibt es nicht.", "This competence field does not exist."),
    "unknown_capability_area": ("Dieses Fähigkeitsfeld gibt es nicht.", "This capability area does not exist."),
    "unknown_partner": ("Diesen Partner gibt es nicht im Verzeichnis.", "This partner is not in the directory."),
}

# Wording for one field, by (field, error type); `*` matches any type.
BY_FIELD: dict[tuple[str, str], Texts] = {
    ("company.vat_id", "string_pattern_mismatch"): ("Bitte die USt-IdNr. im Format DE123456789 eingeben.",
                                                    "Please enter the VAT id like DE123456789."),
    ("company.ncage", "string_pattern_mismatch"): ("Der NCAGE-Code hat 5 Zeichen (Buchstaben/Ziffern), z. B. C1234.",
                                                   "The NCAGE code has 5 letters or digits, e.g. C1234."),
    ("contact.phone", "string_pattern_mismatch"): ("Bitte eine Telefonnummer eingeben, z. B. +49 211 123456.",
                                                   "Please enter a phone number, e.g. +49 211 123456."),
    ("contact.email", "value_error"): ("Bitte eine gültige E-Mail-Adresse eingeben, z. B. name@firma.de.",
                                       "Please enter a valid email address, e.g. name@company.com."),
    ("competences", "too_short"): ("Bitte mindestens ein Kompetenzfeld mit Ihrer Erfahrung angeben.",
                                   "Please declare at least one competence field with your proficiency."),
    ("capacity.free_capacity_percent", "missing"): (
        "Bitte die freie Kapazität in % angeben – oder „Weiß ich nicht / möchte ich nicht angeben“ ankreuzen.",
        "Please give your free capacity in % – or tick “I don't know / prefer not to say”."),
    ("competences.*.field", "missing"): ("Bitte das Kompetenzfeld dieser Zeile wählen (oder die Zeile entfernen).",
                                         "Please choose this row's competence field (or remove the row)."),
    ("competences.*.proficiency", "missing"): ("Bitte Ihre Erfahrung in diesem Feld wählen.",
                                               "Please choose your proficiency in this field."),
    ("compliance.shareholders.*.country", "string_pattern_mismatch"): (
        "Bitte den Ländercode mit 2 Buchstaben angeben, z. B. DE.", "Please give the 2-letter country code, e.g. DE."),
    ("compliance.shareholders.*.percent", "greater_than_equal"): (
        "Nur Anteilseigner ab 10 % angeben.", "Only declare shareholders with 10 % or more."),
}


def _field_pattern(field: str) -> str:
    """'compliance.shareholders.3.country' -> 'compliance.shareholders.*.country'."""
    return ".".join("*" if p.isdigit() else p for p in field.split("."))


def translate(error_type: str, *, field: str, lang: str, ctx: Mapping[str, Any] | None = None) -> str:
    """The message for one error in `lang` ('de' or 'en')."""
    ctx = dict(ctx or {})
    if error_type == "string_too_short" and ctx.get("min_length") == 1:
        error_type = "required"
    texts = BY_FIELD.get((_field_pattern(field), error_type)) or BY_TYPE.get(error_type, GENERIC)
    text = texts[1] if lang == "en" else texts[0]
    try:
        return text.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return (GENERIC[1] if lang == "en" else GENERIC[0])
