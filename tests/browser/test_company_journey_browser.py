"""The company's whole journey across the four services (issue 15, the first "done when"), in German and in
English: a company fills the guided form step by step with one mistake per step, saves, opens the resume link from
the email in the SMTP sink, uploads a clean PDF and a PDF with a scanned "VS-NfD" stamp (refused with the
explanation), checks its answers and submits; an advisor logs in, finds the case in the queue, sees gate G6 open on
the case page with the reason in the advisor's language and releases the result to the company; the company opens
the status link from the "your result is ready" email and sees its result.

The form's pages are looked at by test_guided_form_browser.py, the result page and the release by
test_result_release_browser.py: here axe-core audits what they do not see - the advisor's log-in page, the queue
showing the case with its open gate and the case page with G6 open. Screenshots at 1280 px of the G6-open case
page and the final result page under test-artifacts/journey/."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from devstack.proc import wait_until
from tests.support.infra import Servers

from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from .journey_support import (
    FORM_TEXTS,
    LOCALES,
    Platform,
    check_and_submit,
    claim,
    emailed_link,
    fill_contact,
    fill_steps_one_to_six,
    log_in,
    no_serious_axe_violations,
    platform_stack,
    quiet,
    release,
    resume_on_documents_step,
    save_for_later,
    upload_clean_and_stamped,
    wait_for_result,
)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
SHOTS = ARTIFACTS / "journey"
ADVISOR = ("journey-advisor@defence-nrw.example", "journey-password-" + uuid.uuid4().hex[:8])
TEXTS = {   # what the advisor and then the company read; `english`/`german`: must not be on the page
    "de": {"g6": "Eingestuftes Material in 1 Upload(s) angeboten (lagebericht.pdf; Vermerk: VS-NfD)",
           "g6_clears": "Sicherheitsbevollmächtigte(n) des Unternehmens informieren",
           "gates_open": "Offene Prüfpunkte:",
           "refused_doc": "abgelehnt: Vermerk „VS-NfD“ gefunden", "result": "Ihr Ergebnis",
           "mail": "Ihr Ergebnis ist da", "item": "Benennen Sie einen Ausfuhrverantwortlichen",
           "english": ("Classified material", "upload(s)", "marking", "refused", "page ", "Your result")},
    "en": {"g6": "Classified material offered in 1 upload(s) (lagebericht.pdf; marking: VS-NfD)",
           "g6_clears": "Tell the company's security officer", "gates_open": "Open gates:",
           "refused_doc": "refused: marking “VS-NfD” found", "result": "Your result",
           "mail": "Your result is ready", "item": "Name an export control officer",
           "english": ()},
}


@pytest.fixture(scope="module")
def platform(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """All four services as processes with the SMTP sink, on their own nats-server; one advisor."""
    with platform_stack(servers, tmp_path_factory.mktemp("journey"), name="journey",
                        services=("intake", "notification", "assessment", "advisory"), smtp_sink=True) as platform:
        platform.stack.create_advisor(email=ADVISOR[0], name="Jan Journey", role="advisor", password=ADVISOR[1])
        yield platform


def _found_in_queue(advisor, reference: str):
    """Search the queue for the reference until the case is listed; its row."""
    row = advisor.locator("#queue tbody tr", has=advisor.locator("a.case-link", has_text=reference))

    def listed() -> bool:
        advisor.goto("/queue")
        advisor.fill("#f-search", reference)
        advisor.click("#apply-filters")
        return row.count() == 1
    wait_until(listed, timeout=60, what=f"{reference} in the queue", interval=0.5)
    return row


def _g6_open(advisor) -> None:
    """Reload the case page until the assessment that saw the refused upload is there: G6 open."""
    def shown() -> bool:
        advisor.reload()
        return advisor.locator("#gates-summary li[data-gate=G6]").count() == 1
    try:
        wait_until(shown, timeout=60, what="G6 open on the case page", interval=0.5)
    except TimeoutError as error:
        raise AssertionError(f"{error}; the page says: {advisor.locator('main').inner_text()[:1500]}") from None


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_company_fills_saves_resumes_uploads_submits_and_sees_the_result_an_advisor_released(
        platform: Platform, lang: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    address = f"j.kraemer.journey.{lang}.{uuid.uuid4().hex[:6]}@bergische.example"
    company_name = f"Bergische Präzision {uuid.uuid4().hex[:6]} GmbH"
    text = TEXTS[lang]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # The company: the form step by step, saved at the documents step, resumed from the email.
            context = browser.new_context(base_url=platform.url("intake"), viewport={"width": 1280, "height": 900},
                                          locale=LOCALES[lang])
            page = context.new_page()
            page.goto(f"/?lang={lang}")
            expect(page.get_by_text(FORM_TEXTS[lang]["progress"].format(n=1), exact=True)).to_be_visible()
            fill_steps_one_to_six(page, lang, company_name=company_name, look=quiet)
            link = save_for_later(page, lang, address=address, mail_dir=platform.mail_dir)
            context.close()
            company = browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[lang])
            page = resume_on_documents_step(company, link, lang, company_name=company_name)
            upload_clean_and_stamped(page, lang, look=quiet)
            fill_contact(page, lang, address=address, look=quiet)
            reference = check_and_submit(page, lang, company_name=company_name, address=address, look=quiet)

            # The advisor, in the same language: finds the case, sees G6 open and why, releases the result.
            advisory = browser.new_context(base_url=platform.url("advisory"), locale=LOCALES[lang],
                                           viewport={"width": 1280, "height": 900})
            advisor = advisory.new_page()
            advisor.goto(f"/login?lang={lang}")
            no_serious_axe_violations(advisor, f"advisory log-in ({lang})")
            log_in(advisor, ADVISOR, lang=lang)
            row = _found_in_queue(advisor, reference)
            expect(row.locator(".company")).to_contain_text(company_name)
            no_serious_axe_violations(advisor, f"queue with the journey's case ({lang})")
            row.locator("a.case-link").click()
            _g6_open(advisor)
            g6 = advisor.locator("#gates-summary li[data-gate=G6]")
            expect(g6).to_contain_text(text["g6"])
            expect(g6.locator(".clears")).to_contain_text(text["g6_clears"])
            expect(advisor.locator("#gates-summary .gates-open-note")).to_contain_text(text["gates_open"])
            expect(advisor.locator("#documents li.clean")).to_contain_text("praesentation.pdf")
            refused = advisor.locator("#documents li.refused")
            expect(refused).to_contain_text("lagebericht.pdf")
            expect(refused).to_contain_text(text["refused_doc"])
            for english in text["english"]:
                for shown in (g6, refused):
                    assert english not in shown.inner_text(), f"English {english!r} on the German case page"
            no_serious_axe_violations(advisor, f"case page with G6 open ({lang})")
            advisor.screenshot(path=str(SHOTS / f"case-g6-open-{lang}-1280.png"), full_page=True)
            claim(advisor)
            release(advisor)

            # The company: the status link from the "your result is ready" email shows its result.
            status_link = emailed_link(platform.mail_dir, address, text["mail"], r"/status/[0-9a-f-]+\?\S+")
            wait_for_result(page, status_link)   # intake may take the release a moment after the email
            result = page.locator("#result")
            expect(result).to_contain_text(text["result"])
            expect(result).to_contain_text(text["item"])   # export control officer: "no" in step 5
            expect(page.locator("#result-readiness svg.bar")).to_have_count(7)
            for hidden in ("G6", "G5", "lagebericht.pdf"):   # no gate internals on the company's page
                assert hidden not in result.inner_text(), f"{hidden!r} on the company's result page"
            assert page.locator("html").get_attribute("lang") == lang
            page.screenshot(path=str(SHOTS / f"result-{lang}-1280.png"), full_page=True)
        finally:
            browser.close()
