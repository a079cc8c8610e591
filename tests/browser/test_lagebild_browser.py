"""The lead's view (Lagebild) in headless Chromium (issue 16): a lead opens it from the navigation, picks a month
the test seeded, and reads the figures the test computes itself. Screenshots at 1280 and 390 px (and the queue at
390 px, now cards); axe-core finds no violation. The page needs no script: the period is a plain GET form.
"""
from __future__ import annotations

import asyncio
import statistics
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from tests.integration.advisory.workbench_support import enquiry
from tests.support.infra import Servers

from .advisory_stack import advisory_stack, no_axe_violations, publish_cases

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LEAD = ("lagebild-lead@defence-nrw.example", "browser-password-" + uuid.uuid4().hex[:6])
FEBRUARY = datetime(2026, 2, 3, 8, 0, tzinfo=UTC)
# Kreis, hours to assessment, to claim, to introduction (None: not reached), status, SLA breached
PLAN = (("Solingen", 1.0, 5.0, 30.0, "introduced", False),
        ("Solingen", 2.0, 8.0, None, "closed", False),
        ("Bonn", 0.5, 30.0, 60.0, "introduced", True),
        ("Kreis Borken", 3.0, None, None, "closed", True),
        ("Kreis Wesel", 1.5, 4.0, None, "closed", False))


async def _seed(nats_url: str, dsn: str) -> None:
    enquiries = [enquiry(kreis=kreis) for kreis, *_ in PLAN]
    await publish_cases(nats_url, dsn, enquiries)
    conn = await asyncpg.connect(dsn)
    try:
        for i, (e, (_, assess_h, claim_h, intro_h, status, breached)) in enumerate(zip(enquiries, PLAN, strict=True)):
            arrived = FEBRUARY + timedelta(days=4 * i)
            opened = arrived + timedelta(hours=assess_h)
            claimed = opened + timedelta(hours=claim_h) if claim_h is not None else None
            introduced = claimed + timedelta(hours=intro_h) if claimed and intro_h is not None else None
            await conn.execute(
                "UPDATE cases SET created_at = $2, submitted_at = $2, opened_at = $3, first_claimed_at = $4,"
                " first_introduced_at = $5, status = $6, sla_due_at = $3::timestamptz + interval '5 days',"
                " sla_breached_at = CASE WHEN $7 THEN $3::timestamptz + interval '5 days' END"
                " WHERE enquiry_id = $1", e.enquiry_id, arrived, opened, claimed, introduced, status, breached)
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def lead_view(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with advisory_stack(servers, tmp_path_factory.mktemp("lagebild-browser"), name="advlagebild", lead=LEAD) as (
            stack, nats_url, dsn):
        asyncio.run(_seed(nats_url, dsn))
        yield stack.url("advisory")


def _expected() -> dict[str, Any]:
    """The figures of February 2026 as the test computes them from PLAN (German formatting)."""
    n = len(PLAN)
    introduced = sum(1 for p in PLAN if p[3] is not None)
    breached = sum(1 for p in PLAN if p[5])
    median_claim = statistics.median(p[2] for p in PLAN if p[2] is not None)
    regions = {"Düsseldorf": sum(1 for p in PLAN if p[0] in ("Solingen", "Kreis Wesel")),
               "Köln": sum(1 for p in PLAN if p[0] == "Bonn"),
               "Münster": sum(1 for p in PLAN if p[0] == "Kreis Borken")}
    share = (n - breached) / n * 100
    return {"enquiries": str(n), "introduced": str(introduced),
            "introduced_share": f"{introduced / n * 100:.1f} %".replace(".", ","),
            "sla": f"{share:.1f} % innerhalb der Frist ({n - breached} von {n})".replace(".", ",", 1),
            "median_claim_h": str(median_claim),
            "regions": [str(regions[r]) for r in ("Düsseldorf", "Köln", "Münster")]}


@pytest.mark.parametrize("width", [1280, 390])
def test_lead_opens_the_lagebild_and_reads_a_seeded_month(lead_view: str, width: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    want = _expected()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(base_url=lead_view, locale="de-DE", viewport={"width": width, "height": 900},
                                    )
            page.goto("/login")
            page.fill("#email", LEAD[0])
            page.fill("#password", LEAD[1])
            page.click("#login")
            expect(page.locator("#queue tbody tr")).to_have_count(len(PLAN))
            page.goto("/queue?status=closed")
            expect(page.locator("#queue tbody tr")).to_have_count(3)
            page.screenshot(path=str(ARTIFACTS / f"advisory-queue-cards-de-{width}.png"), full_page=True)
            no_axe_violations(page, f"queue (de, {width} px)")

            page.click("#nav-lagebild")
            expect(page.locator("h1")).to_have_text("Lagebild")
            page.select_option("#p-from", "2026-02")
            page.select_option("#p-to", "2026-02")
            page.click("#p-show")
            expect(page.locator("#lb-total")).to_contain_text(f"{want['enquiries']} Anfragen")
            funnel = page.locator("#funnel tbody tr")
            expect(funnel.nth(0)).to_contain_text(want["enquiries"])
            expect(funnel.nth(2).locator("td").nth(0)).to_have_text(want["introduced"])
            expect(funnel.nth(2).locator("td").nth(2)).to_have_text(want["introduced_share"])
            expect(page.locator("#sla-overall")).to_have_text(want["sla"])
            # The median is counted in quarter hours: the page is right to within 7.5 minutes (and its rounding).
            shown = page.locator("#medians tbody tr").nth(1).locator("td").nth(0).inner_text()
            assert shown.endswith(" Std.") and abs(float(shown[:-5].replace(",", ".")) - float(
                want["median_claim_h"])) <= 0.2, shown
            expect(page.locator("#by-region thead th")).to_have_text(["Monat", "Düsseldorf", "Köln", "Münster",
                                                                       "Summe"])
            expect(page.locator("#by-region tbody tr").first.locator("td")).to_have_text(
                [*want["regions"], want["enquiries"]])
            page.screenshot(path=str(ARTIFACTS / f"advisory-lagebild-de-{width}.png"), full_page=True)
            no_axe_violations(page, f"Lagebild (de, {width} px)")
            page.click("#lang-switch")
            expect(page.locator("h1")).to_have_text("Overview for leads")
            expect(page.locator("#lb-total")).to_contain_text(f"{want['enquiries']} enquiries from Feb 26 to Feb 26")
            page.screenshot(path=str(ARTIFACTS / f"advisory-lagebild-en-{width}.png"), full_page=True)
            no_axe_violations(page, f"Lagebild (en, {width} px)")
        finally:
            browser.close()
