"""Every template renders in both languages; the catalogue, context checks and link checks hold."""
from __future__ import annotations

import copy
import re

import pytest

from services.notification.domain.catalogue import LANGUAGES, SUBJECTS, TEMPLATE_KEYS, subject_for
from services.notification.domain.content import checked_link, clean_text
from services.notification.entrypoints.preview import EXAMPLE_CONTEXTS, EXAMPLE_REFERENCE, main
from services.notification.presentation.rendering import render

pytestmark = pytest.mark.unit

ALL = [(t, lang) for t in sorted(TEMPLATE_KEYS) for lang in LANGUAGES]
GERMAN_MARKERS = ("Guten Tag", "Sehr geehrte", "Vielen Dank", "vielen Dank", "Mit freundlichen Grüßen")
ENGLISH_MARKERS = ("Dear", "Hello", "Thank you", "Kind regards")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def test_catalogue_is_complete() -> None:
    assert set(TEMPLATE_KEYS) == {"acknowledgement", "information_request", "introduction_company",
                                  "introduction_partner", "closure", "sla_escalation",
                                  "reassessment_reminder", "reassessment_invitation", "case_assigned",
                                  "result_ready", "draft_saved"}
    assert set(SUBJECTS) == {(t, lang) for t, lang in ALL}
    assert set(EXAMPLE_CONTEXTS) == set(TEMPLATE_KEYS)
    for template, keys in TEMPLATE_KEYS.items():
        assert set(EXAMPLE_CONTEXTS[template]) == keys


@pytest.mark.parametrize(("template", "language"), ALL)
def test_renders_in_each_language(template: str, language: str) -> None:
    rendered = render(template, language, EXAMPLE_CONTEXTS[template])
    assert rendered.subject == subject_for(template, language, EXAMPLE_REFERENCE)
    assert EXAMPLE_REFERENCE in rendered.subject
    for body in (rendered.text, rendered.html):
        assert EXAMPLE_REFERENCE in body
        assert "DEFENCE.NRW Onboarding – NMWP.NRW" in body
        assert "kontakt@defence.nrw.example" in body
    markers, foreign = (GERMAN_MARKERS, ENGLISH_MARKERS) if language == "de" else (ENGLISH_MARKERS, GERMAN_MARKERS)
    assert any(m in rendered.text for m in markers) and any(m in rendered.html for m in markers)
    assert not any(m in rendered.text for m in foreign if m != "Hello")
    assert f'<html lang="{language}">' in rendered.html
    assert not _CONTROL.search(rendered.text) and not _CONTROL.search(rendered.html)
    assert rendered.text.endswith("\n") and "{{" not in rendered.text and "{%" not in rendered.html


def test_german_texts_use_sie_and_umlauts() -> None:
    text = render("acknowledgement", "de", EXAMPLE_CONTEXTS["acknowledgement"]).text
    assert "Ihre Anfrage" in text and "Arbeitstagen" in text and "Verschlusssachen (VS)" in text
    assert "Grüßen" in text and " du " not in text.lower()


def test_content_carries_what_the_reader_needs() -> None:
    ack = render("acknowledgement", "en", EXAMPLE_CONTEXTS["acknowledgement"])
    assert "within 5 business days" in ack.text and "/status/" in ack.text and "classified" in ack.text
    one_day = render("acknowledgement", "de", {**EXAMPLE_CONTEXTS["acknowledgement"], "response_business_days": 1})
    assert "innerhalb von einem Arbeitstag" in one_day.text
    info = render("information_request", "de", EXAMPLE_CONTEXTS["information_request"])
    assert "bis zum 14.12.2026" in info.text and "Losgrößen" in info.text and "/amend/" in info.html
    assert "14 December 2026" in render("information_request", "en", EXAMPLE_CONTEXTS["information_request"]).text
    intro = render("introduction_company", "de", EXAMPLE_CONTEXTS["introduction_company"])
    assert "automotiveland.nrw" in intro.text and "AeroSpace.NRW" in intro.html
    partner = render("introduction_partner", "en", EXAMPLE_CONTEXTS["introduction_partner"])
    assert "/accept" in partner.html and "/decline" in partner.html and "Solingen" in partner.text
    sla = EXAMPLE_CONTEXTS["sla_escalation"]
    assert "16:00 Uhr" in render("sla_escalation", "de", sla).text  # 15:00 UTC is 16:00 in Berlin in November
    assert "überschritten" in render("sla_escalation", "de", {**sla, "level": "breach"}).text


def test_dates_survive_a_json_roundtrip() -> None:
    """The dispatcher renders from a jsonb column, where dates arrive as ISO strings."""
    info = {**EXAMPLE_CONTEXTS["information_request"], "deadline": "2026-12-14"}
    assert "bis zum 14.12.2026" in render("information_request", "de", info).text
    sla = {**EXAMPLE_CONTEXTS["sla_escalation"], "due_at": "2026-11-30T15:00:00+00:00"}
    assert "30.11.2026, 16:00 Uhr" in render("sla_escalation", "de", sla).text
    with pytest.raises(ValueError):
        render("sla_escalation", "de", {**sla, "due_at": "tomorrow"})


def test_partner_summary_shows_only_the_fields_passed_in() -> None:
    context = copy.deepcopy(EXAMPLE_CONTEXTS["introduction_partner"])
    context["company"] = {"name": "Klingenberg Präzisionsteile GmbH", "kreis": "Solingen"}
    rendered = render("introduction_partner", "de", context)
    assert "Solingen" in rendered.text
    for label in ("Beschäftigte", "Zertifizierungen", "Kompetenzen", "Website", "Gesucht wird"):
        assert label not in rendered.text and label not in rendered.html
    context["company"]["phone"] = "+49 212 000000"  # not a summary field: refused, never silently shown
    with pytest.raises(ValueError, match="company summary"):
        render("introduction_partner", "de", context)


@pytest.mark.parametrize(("template", "language"), [("nonexistent", "de"), ("acknowledgement", "fr"),
                                                    ("../_base", "de"), ("acknowledgement", "de.html")])
def test_unknown_template_or_language_is_a_value_error(template: str, language: str) -> None:
    with pytest.raises(ValueError, match="unknown email template|unsupported email language"):
        render(template, language, EXAMPLE_CONTEXTS["acknowledgement"])


def test_missing_unknown_and_malformed_context_is_refused() -> None:
    context = dict(EXAMPLE_CONTEXTS["closure"])
    with pytest.raises(ValueError, match="missing keys"):
        render("closure", "de", {k: v for k, v in context.items() if k != "reason"})
    with pytest.raises(ValueError, match="unknown keys"):
        render("closure", "de", {**context, "extra": "x"})
    with pytest.raises(ValueError, match="reference"):
        render("closure", "de", {**context, "reference": "DN-2026-7K3F9Q\nBcc: x@evil.example"})
    with pytest.raises(ValueError, match="reference"):
        render("closure", "de", {**context, "reference": "DN-٢٠٢٦-7K3F9Q"})  # non-ASCII digits
    with pytest.raises(ValueError, match="level"):
        render("sla_escalation", "en", {**EXAMPLE_CONTEXTS["sla_escalation"], "level": "panic"})
    with pytest.raises(ValueError, match="partner"):
        render("introduction_company", "en", {**EXAMPLE_CONTEXTS["introduction_company"], "partners": [{"name": "x"}]})
    with pytest.raises(ValueError, match="unsupported value"):
        render("closure", "de", {**context, "reason": object()})


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "//evil.example/x", "/relative", "https://", "https://user:pw@evil.example/",
    'https://portal.example/"onmouseover="alert(1)', "https://portal.example/<script>", "https://exa\u0430mple.org/",
    "https://portal.example/\r\nx", "ftp://portal.example/", "https://portal.example/a b",
])
def test_bad_links_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        checked_link(url)
    with pytest.raises(ValueError):
        render("closure", "en", {**EXAMPLE_CONTEXTS["closure"], "enquiry_url": url})


def test_link_host_allowlist() -> None:
    assert checked_link("https://portal.example/a?b=1&c=2") == "https://portal.example/a?b=1&c=2"
    context = EXAMPLE_CONTEXTS["acknowledgement"]
    render("acknowledgement", "de", context, allowed_link_hosts={"portal.defence.nrw.example"})
    with pytest.raises(ValueError, match="allowlisted"):
        render("acknowledgement", "de", context, allowed_link_hosts={"other.example"})


def test_clean_text_keeps_newlines_only() -> None:
    assert clean_text("a\r\nb\rc\u2028d\u2029e\x85f") == "a\nb\nc\nd\ne\nf"
    assert clean_text("a\x00b\tc\x1bd\u202ee\x7f\ud800") == "ab cde?"
    assert clean_text("Mu\u0308ller") == "Müller"  # NFC


def test_preview_cli_writes_files(tmp_path, capsys) -> None:
    assert main(["--template", "closure", "--lang", "de", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["closure.de.eml", "closure.de.html", "closure.de.txt"]
    assert str(tmp_path / "closure.de.eml") in capsys.readouterr().out
