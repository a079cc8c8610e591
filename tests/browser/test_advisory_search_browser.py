"""Search from the queue page in headless Chromium (issue 16): an advisor finds a case by a word of its evidence
and by a misspelt company name. Screenshots at 1280 and 390 px in German and English; axe-core finds no violation.
"""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.advisory.workbench_support import enquiry
from tests.support.infra import Servers

from .advisory_stack import advisory_stack, no_axe_violations, publish_cases

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LEAD = ("search-lead@defence-nrw.example", "browser-password-" + uuid.uuid4().hex[:6])
ADVISOR = ("search-advisor@defence-nrw.example", LEAD[1])
COMPANIES = (("Bergische Leichtbau GmbH", "Schweißen von Aluminiumgehäusen in Kleinserie"),
             ("Rheinische Feinmechanik AG", "Drehteile aus Titan für Sensorköpfe"),
             ("Sauerland Optik KG", "Beschichtung von Linsen für Nachtsichtgeräte"))


async def _seed(nats_url: str, dsn: str) -> dict[str, str]:
    enquiries = [enquiry(name=name, evidence=evidence) for name, evidence in COMPANIES]
    await publish_cases(nats_url, dsn, enquiries)
    return {e.profile.company.name: e.reference for e in enquiries}


@pytest.fixture(scope="module")
def workbench(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    with advisory_stack(servers, tmp_path_factory.mktemp("search-browser"), name="advsearch", lead=LEAD) as (
            stack, nats_url, dsn):
        stack.create_advisor(email=ADVISOR[0], name="Ada Advisor", role="advisor", password=ADVISOR[1])
        references = asyncio.run(_seed(nats_url, dsn))
        yield stack.url("advisory"), references


def _log_in(page, who: tuple[str, str]) -> None:
    page.goto("/login")
    page.fill("#email", who[0])
    page.fill("#password", who[1])
    page.click("#login")


@pytest.mark.parametrize("width", [1280, 390])
def test_advisor_finds_a_case_by_evidence_and_by_a_misspelt_name(workbench, width: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, references = workbench
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(base_url=base, locale="de-DE", viewport={"width": width, "height": 900})
            _log_in(page, ADVISOR)
            expect(page.locator("#queue tbody tr")).to_have_count(3)
            # a word of the evidence, in another inflection than the company wrote
            page.fill("#f-search", "Nachtsichtgerät")
            page.click("#apply-filters")
            expect(page.locator("#queue tbody tr")).to_have_count(1)
            expect(page.locator("#queue tbody")).to_contain_text(references["Sauerland Optik KG"])
            expect(page.locator("#search-results")).to_contain_text("Treffer für")
            page.screenshot(path=str(ARTIFACTS / f"advisory-search-evidence-de-{width}.png"), full_page=True)
            no_axe_violations(page, f"queue search (de, {width} px)")
            # a misspelt company name, combined with a filter
            page.fill("#f-search", "Bergishe Leichtbau")
            page.select_option("#f-status", "open")
            page.click("#apply-filters")
            expect(page.locator("#queue tbody tr")).to_have_count(1)
            expect(page.locator("#queue tbody")).to_contain_text(references["Bergische Leichtbau GmbH"])
            page.goto(page.url + "&lang=en")
            expect(page.locator("#search-results")).to_contain_text("Results for")
            expect(page.locator("#f-search")).to_have_value("Bergishe Leichtbau")
            page.screenshot(path=str(ARTIFACTS / f"advisory-search-name-en-{width}.png"), full_page=True)
            no_axe_violations(page, f"queue search (en, {width} px)")
            page.click("#search-results a")
            expect(page.locator("#queue tbody tr")).to_have_count(3)
        finally:
            browser.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_lead_exports_the_queue_and_sees_the_export_in_the_audit_log(workbench, width: int,
                                                                    tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, references = workbench
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(base_url=base, locale="de-DE", viewport={"width": width, "height": 900},
                                    accept_downloads=True)
            _log_in(page, LEAD)
            page.fill("#f-search", "Feinmechanik")
            page.click("#apply-filters")
            expect(page.locator("#queue tbody tr")).to_have_count(1)
            page.click("#export summary")
            page.check("#col-sla_due_at")
            page.select_option("#export-format", "csv")
            page.screenshot(path=str(ARTIFACTS / f"advisory-export-de-{width}.png"), full_page=True)
            no_axe_violations(page, f"queue export (de, {width} px)")
            with page.expect_download() as info:
                page.click("#export-button")
            saved = tmp_path / info.value.suggested_filename
            info.value.save_as(saved)
            assert saved.suffix == ".csv"
            text = saved.read_bytes().decode("utf-8-sig")
            assert references["Rheinische Feinmechanik AG"] in text and "SLA fällig" in text
            assert "Sauerland" not in text

            page.click("#nav-audit")
            expect(page.locator("h1")).to_have_text("Protokoll")
            page.select_option("#audit-kind", "export")
            page.click("#audit-apply")
            first = page.locator("#audit tbody tr").first
            expect(first).to_contain_text(LEAD[0])
            expect(first).to_contain_text("CSV, 1 Zeilen")
            expect(first).to_contain_text("q=Feinmechanik")
            page.screenshot(path=str(ARTIFACTS / f"advisory-audit-de-{width}.png"), full_page=True)
            no_axe_violations(page, f"audit log (de, {width} px)")
            page.goto("/audit?lang=en")
            expect(page.locator("h1")).to_have_text("Audit log")
            expect(page.locator("#audit tbody tr[data-kind=login_succeeded]").first).to_contain_text("Login")
            page.screenshot(path=str(ARTIFACTS / f"advisory-audit-en-{width}.png"), full_page=True)
            no_axe_violations(page, f"audit log (en, {width} px)")
        finally:
            browser.close()


def test_an_advisor_sees_neither_export_nor_audit_log(workbench) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _ = workbench
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(base_url=base, locale="de-DE")
            _log_in(page, ADVISOR)
            expect(page.locator("#queue tbody tr")).to_have_count(3)
            expect(page.locator("#export")).to_have_count(0)
            expect(page.locator("#nav-audit")).to_have_count(0)
            assert page.goto("/audit").status == 403
        finally:
            browser.close()
