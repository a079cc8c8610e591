"""A company fills in the German form in a real browser, makes one mistake, fixes it and gets its reference."""
from __future__ import annotations

import re
import uuid

import pytest

from .conftest import ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")


def fill_required(page, *, email: str) -> None:
    page.get_by_label("Name des Unternehmens").fill(f"Bergische Präzision {uuid.uuid4().hex[:6]} GmbH")
    page.get_by_label("Rechtsform").select_option("GmbH")
    page.get_by_label("Kreis oder kreisfreie Stadt").select_option("Solingen")
    page.get_by_label("Zahl der Beschäftigten").fill("240")
    page.get_by_label("Herkunftsbranche").select_option("automotive")
    page.locator("#f-competences-CF02-proficiency").select_option("2")
    page.locator("#f-offerings-0-name").fill("Gehäuse aus Aluminium-Druckguss")
    page.locator("#f-offerings-0-trl").select_option("7")
    for question in ("export_officer_named", "internal_compliance_programme", "goods_classified",
                     "exports_outside_eu", "willing_to_enter_geheimschutz"):
        page.locator(f"#f-compliance-{question}-no").check()
    page.get_by_label("Enthalten Ihre Produkte US-kontrollierte Anteile?").select_option("no")
    page.get_by_label("Stand im Geheimschutz").select_option("none")
    page.get_by_label("Berührt Ihr Angebot Kriegswaffen").select_option("none")
    page.get_by_label("Freie Kapazität in %").fill("20")
    page.get_by_label("Fertigungsreifegrad").select_option("8")
    page.get_by_label("Ihr bisheriger Zugang").select_option("none")
    page.locator("#f-contact-name").fill("Dr. Julia Krämer")
    page.locator("#f-contact-email").fill(email)
    page.locator("#f-consents-processing").check()
    page.locator("#f-consents-no_classified_information").check()
    page.locator("#f-consents-share_with_partners-defence-nrw").check()


def test_german_form_with_one_mistake_then_confirmation(page) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    fill_required(page, email="julia.kraemer-at-bergische.example")
    page.get_by_role("button", name="Anfrage absenden").click()

    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Bitte prüfen Sie Ihre Angaben" in summary.inner_text()
    link = summary.get_by_role("link", name=re.compile("E-Mail"))
    assert link.get_attribute("href") == "#f-contact-email"
    email = page.locator("#f-contact-email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "f-contact-email-error" in email.get_attribute("aria-describedby")
    assert "gültige E-Mail-Adresse" in page.locator("#f-contact-email-error").inner_text()
    assert email.input_value() == "julia.kraemer-at-bergische.example", "input is kept"
    assert page.locator("#f-company-kreis").input_value() == "Solingen"
    page.screenshot(path=str(ARTIFACTS / "intake-form-error.png"), full_page=True)

    link.click()  # the summary leads to the field
    assert page.evaluate("document.activeElement.id") == "f-contact-email"
    email.fill("j.kraemer@bergische.example")
    page.get_by_role("button", name="Anfrage absenden").click()

    page.get_by_role("heading", name="Vielen Dank – Ihre Anfrage ist eingegangen").wait_for()
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"DN-\d{4}-[0-9A-Z]{6}", reference)
    assert "/status/" in page.locator("#status-link").get_attribute("href")
    page.screenshot(path=str(ARTIFACTS / "intake-form-success.png"), full_page=True)

    page.locator("#status-link").click()
    assert page.locator("#status").inner_text() == "Eingegangen"


def test_language_switch_shows_the_form_in_english(page) -> None:
    page.goto("/")
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Send enquiry").is_visible()
    assert page.get_by_label("Company name").is_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_reassessment_consent_is_one_optional_checkbox(page, width: int) -> None:
    """Issue 17: the company may agree to be invited to a re-assessment; unticked by default, in both languages."""
    page.set_viewport_size({"width": width, "height": 900})
    for lang, label in (("de", "Wenn eine Neubewertung ansteht"), ("en", "When a re-assessment is due")):
        page.goto(f"/?lang={lang}")
        box = page.locator("#f-consents-reassessment_contact")
        assert not box.is_checked() and box.get_attribute("required") is None
        assert label in page.get_by_label(re.compile(label)).evaluate("e => e.labels[0].innerText")
        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        box.locator("xpath=ancestor::fieldset").screenshot(
            path=str(ARTIFACTS / "screenshots" / f"intake-consents-{lang}-{width}.png"))
