"""The decision-first case page in headless Chromium (issue 16): an advisor reads the summary (band, readiness,
gates, SLA, top partners with a reason in words), opens the derivation behind a score, filters the timeline and
approves an introduction. Screenshots at 1280 and 390 px in German and English; axe-core finds no serious or
critical violation; nothing is wider than the phone's screen."""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from tests.integration.advisory.workbench_support import enquiry
from tests.support.infra import Servers

from .advisory_stack import advisory_stack, no_axe_violations, publish_cases
from .journey_support import log_in

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LEAD = ("case-lead@defence-nrw.example", "browser-password-" + uuid.uuid4().hex[:6])
ADVISOR = ("case-advisor@defence-nrw.example", LEAD[1])


async def _seed(nats_url: str, dsn: str) -> list[str]:
    """Two cases with clear gates, then two held by an open gate (ITAR content, G3); one of each per width."""
    enquiries = [enquiry(name=f"Bergische Leichtbau {i} GmbH", evidence="Schweißen von Aluminiumgehäusen")
                 for i in range(2)]
    enquiries += [enquiry(name=f"Märkische Präzision {i} GmbH", itar=True) for i in range(2)]
    await publish_cases(nats_url, dsn, enquiries)
    conn = await asyncpg.connect(dsn)
    try:
        for e in enquiries:  # as intake's document events would have left them
            for refused, name in ((False, "Zertifikat EN 9100.pdf"), (False, "Firmenpräsentation 2026.pdf"),
                                  (True, "Angebot Schutzausrüstung.pdf")):
                await conn.execute(
                    "INSERT INTO case_documents (document_id, enquiry_id, name, media_type, size_bytes, sha256,"
                    " refused, mark, found_in, added_at) VALUES ($1,$2,$3,'application/pdf',$4,$5,$6,$7,$8,now())",
                    uuid.uuid4(), e.enquiry_id, name, 184_320 if not refused else 1_250_000, "d" * 64, refused,
                    "VS-NfD" if refused else None, "page 2" if refused else None)
        ids = {r["enquiry_id"]: str(r["id"]) for r in await conn.fetch(
            "SELECT id, enquiry_id FROM cases WHERE enquiry_id = ANY($1::uuid[])", [e.enquiry_id for e in enquiries])}
    finally:
        await conn.close()
    return [ids[e.enquiry_id] for e in enquiries]


@pytest.fixture(scope="module")
def workbench(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    with advisory_stack(servers, tmp_path_factory.mktemp("case-browser"), name="advcase", lead=LEAD) as (
            stack, nats_url, dsn):
        stack.create_advisor(email=ADVISOR[0], name="Ada Beraterin", role="advisor", password=ADVISOR[1])
        yield stack.url("advisory"), asyncio.run(_seed(nats_url, dsn))


def _no_horizontal_overflow(page, where: str) -> None:
    wide = page.evaluate("""() => {
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5).map(e => e.tagName + ' in ' + e.parentElement.tagName + '#' + e.parentElement.id + ': '
                                  + e.textContent.slice(0, 40));
    }""")
    assert wide == [], f"{where}: wider than the screen: {wide}"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), where


@pytest.mark.parametrize("width", [1280, 390])
def test_advisor_reads_the_summary_opens_a_derivation_and_approves_an_introduction(workbench, width: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, case_ids = workbench
    case_id = case_ids[0 if width == 1280 else 1]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(base_url=base, locale="de-DE", viewport={"width": width, "height": 900})
            log_in(page, ADVISOR)
            page.goto(f"/cases/{case_id}?lang=de")
            summary = page.locator("#summary")
            expect(summary.locator("#case-band")).to_have_text("B")
            expect(summary.locator("#case-readiness")).to_contain_text(",")  # 51,7 % in the German locale
            expect(summary.locator("#gates-all-clear")).to_have_text("Alle Prüfpunkte unauffällig.")
            expect(summary.locator("#top-partners li")).to_have_count(3)
            expect(summary.locator("#top-partners li").nth(1)).to_contain_text("Beste Passung im Bereich")
            expect(page.locator("#documents li")).to_have_count(3)
            expect(page.locator("#documents li.refused")).to_contain_text("Vermerk „VS-NfD“ gefunden (auf Seite 2)")
            expect(page.locator("#documents li.refused button")).to_have_count(0)
            no_axe_violations(page, f"case page de {width}")
            _no_horizontal_overflow(page, f"case page de {width}")
            page.screenshot(path=str(ARTIFACTS / f"advisory-case-page-de-{width}.png"), full_page=True)

            # the rule behind a readiness score, one click away; the formula one more click, marked English
            criterion = page.locator("#criteria li").first
            criterion.locator("summary").first.click()
            expect(criterion.locator("p").first).to_be_visible()
            area = page.locator("#fit-list li").first
            area.locator("summary").first.click()
            expect(area.locator("p").first).to_contain_text("Ausprägung")
            formula = area.locator(".formula")
            formula.locator("summary").click()
            expect(formula.locator("summary")).to_have_text("Formel (technisch)")
            expect(formula.locator(".trace")).to_have_attribute("lang", "en")
            expect(formula.locator(".trace")).to_contain_text("max over fields")

            # the timeline filtered by kind with a plain GET form
            page.select_option("#timeline-kind", "assessed")
            page.click("#timeline-apply")
            expect(page.locator("#timeline li")).to_have_count(1)
            expect(page.locator("#timeline li")).to_contain_text("Band B, Reife")
            expect(page.locator("#timeline li")).to_contain_text("keine offenen Prüfpunkte")

            page.click("#claim")
            expect(page.locator("#case-status")).to_have_attribute("data-status", "claimed")
            page.check("#partner-defence-nrw")
            page.click("#approve")
            expect(page.locator("#case-status")).to_have_attribute("data-status", "introduced")
            expect(page.locator("#introductions li[data-status=pending]")).to_have_count(1)
            expect(page.locator("#timeline li[data-kind=introduction_approved]")).to_contain_text("an DEFENCE.NRW")

            page.goto(f"/cases/{case_id}?lang=en")
            expect(page.locator("#summary h3").first).to_have_text("Gates")
            expect(page.locator("#fit-list .formula summary").first).to_have_text("Formula (technical)")
            no_axe_violations(page, f"case page en {width}")
            _no_horizontal_overflow(page, f"case page en {width}")
            page.screenshot(path=str(ARTIFACTS / f"advisory-case-page-en-{width}.png"), full_page=True)
        finally:
            browser.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_lead_sees_what_holds_a_case_and_clears_it_from_the_summary(workbench, width: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, case_ids = workbench
    held = case_ids[2 if width == 1280 else 3]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(base_url=base, locale="de-DE", viewport={"width": width, "height": 900})
            log_in(page, LEAD)
            page.goto(f"/cases/{held}?lang=de")
            gate = page.locator("#gates-summary li[data-gate=G3]")
            expect(gate).to_contain_text("ITAR-kontrollierte Inhalte angegeben")
            expect(gate).to_contain_text("So wird er frei:")
            expect(page.locator("#top-partners-held")).to_contain_text("G3")
            no_axe_violations(page, f"held case de {width}")
            _no_horizontal_overflow(page, f"held case de {width}")
            page.locator("#summary").screenshot(path=str(ARTIFACTS / f"advisory-case-held-summary-de-{width}.png"))
            page.fill("#clear-reason-G3", "US-Anteil geprüft: kein ITAR-Gut im Lieferumfang")
            page.click("#clear-G3")
            expect(page.locator("#gates-all-clear")).to_be_visible()
            expect(page.locator("#gates li[data-gate=G3]")).to_contain_text("freigegeben von Lea Lead")
            expect(page.locator("#timeline li[data-kind=gate_cleared]")).to_contain_text("G3: US-Anteil geprüft")
            page.screenshot(path=str(ARTIFACTS / f"advisory-case-held-de-{width}.png"), full_page=True)
        finally:
            browser.close()
