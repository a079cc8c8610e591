"""The start of the guided form in a real browser: the language switch, and the optional re-assessment consent.

The whole journey (every step with a mistake, save and resume, documents, check, submit) is
tests/browser/test_guided_form_browser.py; this file held the single-page form's walk before issue 15."""
from __future__ import annotations

import re

import pytest

from .conftest import ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")


def test_language_switch_shows_the_form_in_english(page) -> None:
    page.goto("/")
    assert page.get_by_text("Schritt 1 von 8", exact=True).is_visible()
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Step 1 of 8", exact=True).is_visible()
    assert page.get_by_role("button", name="Continue", exact=True).is_visible()
    assert page.get_by_label("Company name").is_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_reassessment_consent_is_one_optional_checkbox(page, width: int) -> None:
    """Issue 17: the company may agree to be invited to a re-assessment; unticked by default, in both languages."""
    page.set_viewport_size({"width": width, "height": 900})
    for lang, label in (("de", "Wenn eine Neubewertung ansteht"), ("en", "When a re-assessment is due")):
        page.goto(f"/anfrage/kontakt?lang={lang}")
        box = page.locator("#f-consents-reassessment_contact")
        assert not box.is_checked() and box.get_attribute("required") is None
        assert label in page.get_by_label(re.compile(label)).evaluate("e => e.labels[0].innerText")
        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        box.locator("xpath=ancestor::fieldset").screenshot(
            path=str(ARTIFACTS / "screenshots" / f"intake-consents-{lang}-{width}.png"))
