"""The advisors' workbench in headless Chromium: log in, filter the queue, claim, request info, introduce.

advisory runs as a real process on its own nats-server (its durables must not meet the e2e stack's) and a fresh
database; cases arrive as real events on NATS. Screenshots go to test-artifacts/ (gitignored).
"""
from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devstack.nats import NatsServer
from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig
from shared.db import ensure_database
from tests.browser.advisory_stack import publish_cases
from tests.integration.advisory.workbench_support import enquiry
from tests.support.infra import Servers

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LEAD_EMAIL, PASSWORD = "browser-lead@defence-nrw.example", "browser-password-" + uuid.uuid4().hex[:6]


async def _seed(nats_url: str, dsn: str, count: int) -> list[str]:
    enquiries = [enquiry() for _ in range(count)]
    await publish_cases(nats_url, dsn, enquiries)
    return [e.reference for e in enquiries]


@pytest.fixture(scope="module")
def workbench(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    root = tmp_path_factory.mktemp("advisory-browser")
    own_nats = NatsServer(root / "nats", name="advbrowser")
    own_nats.start()
    dsn = servers.dsn(f"browser_advisory_{uuid.uuid4().hex[:6]}")
    asyncio.run(ensure_database(dsn))
    config = StackConfig(root=root, ports={s: free_port() for s in SERVICES}, nats_url=own_nats.url,
                         database_urls={"advisory": dsn}, smtp=("127.0.0.1", 9),
                         service_env={"OUTBOX_POLL_INTERVAL_S": "0.5"})
    stack = Stack(config)
    stack.start_service("advisory")
    try:
        stack.wait_ready("advisory")
        stack.create_advisor(email=LEAD_EMAIL, name="Lea Lead", role="lead", password=PASSWORD)
        references = asyncio.run(_seed(own_nats.url, dsn, 3))
        yield stack.url("advisory"), references
    finally:
        stack.stop()
        own_nats.stop()


def test_lead_filters_claims_requests_info_and_approves_an_introduction(workbench) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, references = workbench
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(base_url=base, locale="de-DE")
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto("/queue")
            expect(page).to_have_url(f"{base}/login")
            page.fill("#email", LEAD_EMAIL)
            page.fill("#password", PASSWORD)
            page.click("#login")
            expect(page.locator("h1")).to_have_text("Arbeitsliste")
            expect(page.locator("#queue tbody tr")).to_have_count(3)
            page.screenshot(path=str(ARTIFACTS / "advisory-01-queue.png"), full_page=True)

            page.select_option("#f-assignee", "unassigned")
            page.select_option("#f-region", "Solingen")
            page.click("#apply-filters")
            expect(page).to_have_url(re.compile(r".*region=Solingen.*assignee=unassigned|.*assignee=unassigned.*region=Solingen"))
            expect(page.locator("#queue tbody tr")).to_have_count(3)
            page.screenshot(path=str(ARTIFACTS / "advisory-02-filtered.png"), full_page=True)

            # claim the first case and ask the company for information
            page.click(f"text={references[0]}")
            page.click("#claim")
            expect(page.locator("#case-status")).to_have_attribute("data-status", "claimed")
            page.fill("#question", "Bitte nennen Sie Ihre Losgrößen für Panzerungsteile.")
            page.fill("#respond-by", (datetime.now(UTC).date() + timedelta(days=7)).isoformat())
            page.click("#request-info")
            expect(page.locator("#case-status")).to_have_attribute("data-status", "waiting_for_company")
            expect(page.locator("#timeline li[data-kind=info_requested]")).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "advisory-03-info-requested.png"), full_page=True)

            # the second case: claim and approve an introduction to a consented partner
            page.goto("/queue?assignee=unassigned")
            page.click(f"text={references[1]}")
            page.click("#claim")
            page.check("#partner-defence-nrw")
            page.click("#approve")
            expect(page.locator("#case-status")).to_have_attribute("data-status", "introduced")
            expect(page.locator("#introductions li[data-status=pending]")).to_have_count(1)
            page.goto(page.url.split("?")[0] + "?lang=en")
            expect(page.locator("#case-status")).to_have_text("introduced")
            page.screenshot(path=str(ARTIFACTS / "advisory-04-introduced-en.png"), full_page=True)
            assert not [e for e in errors if "Content Security Policy" in e], errors
        finally:
            browser.close()


