"""Classification marks in extracted text (issue 15 item 4): the pure rules, fast."""
from __future__ import annotations

import pytest

from services.intake.domain.classification import ExtractedText, find_marks, first_mark, normalise
from services.intake.domain.documents import check_size, kind_from_mime, safe_file_name


def _marks(text: str) -> list[str]:
    return [m.mark for m in find_marks([ExtractedText("body", text)])]


@pytest.mark.parametrize(("text", "mark"), [
    ("VS-NfD", "VS-NfD"), ("VS - NfD", "VS-NfD"), ("vs-nfd", "VS-NfD"), ("VS–Nfd", "VS-NfD"), ("VS NfD", "VS-NfD"),
    ("V S - N f D", "VS-NfD"), ("VS - NUR FÜR DEN DIENSTGEBRAUCH", "VS-NfD"),
    ("VS-NUR FUER DEN DIENSTGEBRAUCH", "VS-NfD"),
    ("Nur für den Dienstgebrauch", "VS-NfD"), ("VS-VERTRAULICH", "VS-VERTRAULICH"), ("VERTRAULICH", "VERTRAULICH"),
    ("GEHEIM", "GEHEIM"), ("G E H E I M", "GEHEIM"), ("STRENG GEHEIM", "STRENG GEHEIM"),
    ("S T R E N G   G E H E I M", "STRENG GEHEIM"), ("NATO RESTRICTED", "NATO RESTRICTED"),
    ("Nato Restricted", "NATO RESTRICTED"), ("NATO-CONFIDENTIAL", "NATO CONFIDENTIAL"),
    ("COSMIC TOP SECRET", "COSMIC TOP SECRET"), ("RESTREINT UE", "RESTREINT UE"), ("EU RESTRICTED", "EU RESTRICTED"),
    ("Seite 1 von 3 – GEHEIM – Kopie 2", "GEHEIM"), ("Angebot\nVS-\nNfD", "VS-NfD"),
])
def test_marks_in_their_usual_spellings_are_found(text: str, mark: str) -> None:
    assert _marks(text)[:1] == [mark]


@pytest.mark.parametrize("text", [
    "Vertraulichkeitsvereinbarung", "VERTRAULICHKEITSVEREINBARUNG", "unsere geheime Zutat", "Geheimhaltung",
    "GEHEIMHALTUNGSVEREINBARUNG", "bitte vertraulich behandeln", "Das ist streng geheim, sagte er.",
    "Geheim ist hier nichts.", "Vertraulich: Preise auf Anfrage", "EU restricted goods list",
    "NATO-Partner und EU-Kunden", "Versus NFC reader", "Verschlusssache? Nein.", "confidential, secret sauce",
])
def test_lookalikes_and_running_text_pass(text: str) -> None:
    assert _marks(text) == []


def test_a_stamp_inside_a_longer_mark_counts_once_as_the_longer_mark() -> None:
    assert _marks("STRENG GEHEIM") == ["STRENG GEHEIM"]
    assert _marks("VS-VERTRAULICH") == ["VS-VERTRAULICH"]
    assert _marks("RESTREINT UE/EU RESTRICTED") == ["RESTREINT UE", "EU RESTRICTED"]


def test_the_finding_says_where_and_what_was_found() -> None:
    found = first_mark([ExtractedText("metadata", "Titel"), ExtractedText("footer", "Seite 2 · vs - nfd")])
    assert found is not None
    assert (found.mark, found.source, found.excerpt) == ("VS-NfD", "footer", "vs - nfd")
    assert first_mark([ExtractedText("body", "Firmenpräsentation")]) is None


def test_normalise_joins_letter_spacing_and_dashes() -> None:
    assert normalise("G E H E I M\u2011X\n\n a") == "GEHEIM-X a"


def test_sizes_and_types_are_checked() -> None:
    assert check_size(size=0, already_stored=0).reason == "empty_file"
    assert check_size(size=10 * 1024 * 1024 + 1, already_stored=0).reason == "file_too_large"
    assert check_size(size=6 * 1024 * 1024, already_stored=20 * 1024 * 1024).reason == "enquiry_quota_exceeded"
    assert check_size(size=1024, already_stored=0).ok
    assert kind_from_mime("image/png") is not None and kind_from_mime("application/zip") is None
    assert safe_file_name("C:\\temp\\..\\Angebot\x00.pdf") == "Angebot.pdf" and safe_file_name("") == "document"
