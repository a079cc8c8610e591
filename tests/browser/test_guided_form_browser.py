"""A company walks the guided form in Chromium, in German and in English: one mistake per step, "save and continue
later", the resume link from the email in the SMTP sink, a clean PDF and a PDF with a scanned "VS-NfD" stamp
(refused with the explanation), check your answers, submit. Keyboard only reaches every control; screenshots of
every step, the check page and the refusal at 1280 and 390 px; axe-core: no serious or critical violation on any
step page, the check page and the status page. (The walk is journey_support's; the whole journey on to the
advisor's release is test_company_journey_browser.py.)"""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.support.infra import Servers

from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from .journey_support import (
    FORM_TEXTS,
    LOCALES,
    Platform,
    check_and_submit,
    fill_contact,
    fill_steps_one_to_six,
    no_serious_axe_violations,
    platform_stack,
    resume_on_documents_step,
    save_for_later,
    upload_clean_and_stamped,
)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
SHOTS = ARTIFACTS / "guided-form"


@pytest.fixture(scope="module")
def journey(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """intake and notification as processes with the SMTP sink, on their own nats-server (fixed durable names)."""
    with platform_stack(servers, tmp_path_factory.mktemp("guided-form"), name="guided",
                        services=("intake", "notification"), smtp_sink=True) as platform:
        yield platform


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow, f"{name}: wider than the window"


def keyboard_reaches_every_control(page, where: str) -> None:
    """Tab from the top: every visible input, select, textarea and button of the form gets the focus."""
    wanted = set(page.evaluate("""() => [...document.querySelectorAll(
        'main input, main select, main textarea, main button, main a[href]')].filter(e => e.type !== 'hidden'
        && e.tabIndex >= 0 && e.offsetParent !== null && !e.closest('[aria-hidden=true]'))
        .map((e, i) => e.id || e.name + '=' + (e.value || e.textContent.trim()))
    """))
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.locator("body").focus()
    seen: set[str] = set()
    radio_groups: set[str] = set()
    for _ in range(len(wanted) * 2 + 40):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement;
            return e ? [e.id || e.name + '=' + (e.value || e.textContent.trim()), e.type, e.name] : null }""")
        if info:
            seen.add(info[0])
            if info[1] == "radio":
                radio_groups.add(info[2])
    missing = {w for w in wanted if w not in seen and not any(w.startswith(f"f-{g.replace('.', '-')}-")
                                                               for g in radio_groups)}
    assert not missing, f"{where}: not reachable by Tab: {sorted(missing)}"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_whole_journey_with_save_resume_documents_and_submit(journey: Platform, lang: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    address = f"j.kraemer.{lang}.{uuid.uuid4().hex[:6]}@bergische.example"
    company_name = f"Bergische Präzision {uuid.uuid4().hex[:6]} GmbH"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(base_url=journey.url("intake"), viewport={"width": 1280, "height": 900},
                                          locale=LOCALES[lang])
            page = context.new_page()
            page.goto(f"/?lang={lang}")
            assert page.locator("html").get_attribute("lang") == lang
            expect(page.get_by_text(FORM_TEXTS[lang]["progress"].format(n=1), exact=True)).to_be_visible()
            expect(page.locator("ol.steps li")).to_have_count(8)

            def look(what: str) -> None:
                """Every step, the refusal and the check page: screenshots, axe, keyboard; a step with its error
                summary: axe."""
                if not what.endswith("-error"):
                    shoot(page, f"{what}-{lang}")
                no_serious_axe_violations(page, f"{what} ({lang})")
                if (what.startswith("step") and not what.endswith("-error")) or what == "check":
                    keyboard_reaches_every_control(page, f"{what} ({lang})")

            fill_steps_one_to_six(page, lang, company_name=company_name, look=look)
            # 7 documents: save here and continue later from the email
            link = save_for_later(page, lang, address=address, mail_dir=journey.mail_dir)
            context.close()

            # A new browser (no cookie) opens the link: every step is back.
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[lang])
            page = resume_on_documents_step(context, link, lang, company_name=company_name)
            upload_clean_and_stamped(page, lang, look=look)
            fill_contact(page, lang, address=address, look=look)
            check_and_submit(page, lang, company_name=company_name, address=address, look=look)
            shoot(page, f"success-{lang}")
            page.locator("#status-link").click()
            page.locator("#status").wait_for()
            no_serious_axe_violations(page, f"status page ({lang})")
        finally:
            browser.close()
