"""A result the company can use (issue 15 item 6), in German and in English: a company's enquiry goes through intake
and assessment to advisory, an advisor claims the case and releases the result, and the company sees it on its
status page - capability areas, readiness chart, next steps with the NRW body that helps, open items - in its
language. Screenshots at 1280 and 390 px and as printed; axe-core finds no violation on the status page before and
after the release."""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest

from tests.support.infra import Servers
from tests.support.test_data import unique_enquiry
from tests.support.waiting import eventually

from .advisory_stack import no_axe_violations
from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from .journey_support import Platform, claim, log_in, platform_stack, release, wait_for_result

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
ADVISOR, PASSWORD = "result-advisor@defence-nrw.example", "result-password-" + uuid.uuid4().hex[:8]
SHOTS = ARTIFACTS / "screenshots"
TEXTS = {
    "de": {"title": "Ihr Ergebnis", "areas": "Ihre stärksten Fähigkeitsfelder", "steps": "Ihre nächsten Schritte",
           "item": "Benennen Sie einen Ausfuhrverantwortlichen", "next": "Wie es weitergeht",
           "criterion": "Qualitätsmanagement", "english": "Your result"},
    "en": {"title": "Your result", "areas": "Your strongest capability areas", "steps": "Your next steps",
           "item": "Name an export control officer", "next": "What happens next",
           "criterion": "Quality management", "english": "Ihr Ergebnis"},
}


@pytest.fixture(scope="module")
def platform(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """intake, assessment and advisory as processes on their own nats-server (their durable names are fixed)."""
    with platform_stack(servers, tmp_path_factory.mktemp("result-browser"), name="result",
                        services=("intake", "assessment", "advisory")) as platform:
        platform.stack.create_advisor(email=ADVISOR, name="Rita Result", role="advisor", password=PASSWORD)
        yield platform


def _export_control_not_in_place(body: dict[str, Any]) -> dict[str, Any]:
    """A company that has not named an export control officer yet: the result asks it to."""
    body["compliance"].update(export_officer_named=False, goods_classified=False, internal_compliance_programme=False)
    return body


def _submit(platform: Platform, lang: str) -> tuple[dict[str, Any], str]:
    body = _export_control_not_in_place(unique_enquiry())
    body["contact"]["language"] = lang
    r = httpx.post(f"{platform.url('intake')}/api/v1/enquiries", json=body, timeout=30)
    assert r.status_code == 202, r.text
    accepted = r.json()

    async def case_opened() -> str | None:
        conn = await asyncpg.connect(platform.dsns["advisory"])
        try:
            return await conn.fetchval("SELECT id::text FROM cases WHERE reference = $1 AND status = 'open'",
                                       accepted["reference"])
        finally:
            await conn.close()
    case_id = asyncio.run(eventually(case_opened, timeout=60, what="case opened in advisory"))
    return accepted, case_id


def _status_path(accepted: dict[str, Any], intake: str) -> str:
    return accepted["status_url"].replace(intake, "")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_advisor_releases_the_result_and_the_company_sees_it(platform: Platform, lang: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    accepted, case_id = _submit(platform, lang)
    SHOTS.mkdir(parents=True, exist_ok=True)
    text = TEXTS[lang]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            company = browser.new_page(base_url=platform.url("intake"), viewport={"width": 1280, "height": 900})
            status_path = _status_path(accepted, platform.url("intake"))
            company.goto(status_path)
            expect(company.locator("#result")).to_have_count(0)
            no_axe_violations(company, f"status page before the release ({lang})")

            advisor = browser.new_page(base_url=platform.url("advisory"), viewport={"width": 1280, "height": 900})
            log_in(advisor, (ADVISOR, PASSWORD), lang=lang)
            advisor.goto(f"/cases/{case_id}")
            claim(advisor)
            advisor.locator("#release").screenshot(path=str(SHOTS / f"advisory-release-{lang}-1280.png"))
            release(advisor)
            no_axe_violations(advisor, f"case page after the release ({lang})")
            advisor.locator("#release").screenshot(path=str(SHOTS / f"advisory-released-{lang}-1280.png"))

            wait_for_result(company, status_path)
            result = company.locator("#result")
            for key in ("title", "areas", "steps", "item", "next", "criterion"):
                expect(result).to_contain_text(text[key])
            expect(company.locator("#result-readiness .bar-row")).to_have_count(7)
            expect(company.locator("#result-readiness svg.bar")).to_have_count(7)
            expect(company.locator("#result-steps .step-helper").first).not_to_be_empty()
            assert text["english"] not in company.content()
            for hidden in ("G1", "Sanktion", "sanction", "Band "):
                assert hidden not in result.inner_text()
            no_axe_violations(company, f"result page ({lang})")
            company.screenshot(path=str(SHOTS / f"intake-result-{lang}-1280.png"), full_page=True)
            company.set_viewport_size({"width": 390, "height": 844})
            assert company.evaluate("document.documentElement.scrollWidth") <= 390
            company.screenshot(path=str(SHOTS / f"intake-result-{lang}-390.png"), full_page=True)
            company.set_viewport_size({"width": 1280, "height": 900})
            company.emulate_media(media="print")
            expect(company.locator("header.site nav")).to_be_hidden()
            expect(company.locator("footer.site")).to_be_hidden()
            expect(company.locator("#result-readiness svg.bar").first).to_be_visible()
            company.screenshot(path=str(SHOTS / f"intake-result-{lang}-print.png"), full_page=True)
            company.pdf(path=str(ARTIFACTS / f"intake-result-{lang}.pdf"), format="A4", print_background=True)

            other = "en" if lang == "de" else "de"  # the page's language switch renders the result in the other
            company.emulate_media(media="screen")
            company.click("header.site nav a")
            expect(company.locator("#result")).to_contain_text(TEXTS[other]["title"])
        finally:
            browser.close()
