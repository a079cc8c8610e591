"""A hostile company name in the advisor UI (issue 19): a right-to-left override and a Cyrillic "е" in
"Rheinmеtall \u202egnp.exe\u202c GmbH". The event arrives raw (as from an older intake or another producer),
so the page itself must keep it isolated (`<bdi>`, direction controls dropped) and warn that the name has
look-alike letters and hidden direction controls. Screenshots at 1280 and 390 px; axe-core finds no violation."""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest

from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from tests.integration.advisory.workbench_support import assessment_of, enquiry
from tests.support.infra import Servers
from tests.support.waiting import eventually

from .advisory_stack import advisory_stack, no_axe_violations
from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
HOSTILE = "Rheinm\u0435tall \u202egnp.exe\u202c GmbH"
SHOWN = "Rheinm\u0435tall gnp.exe GmbH"  # isolated, its direction controls dropped: the characters as they are
LEAD, PASSWORD = "names-lead@defence-nrw.example", "names-password-" + uuid.uuid4().hex[:8]


async def _publish_hostile_case(nats_url: str, dsn: str) -> str:
    import asyncpg
    import nats

    e = enquiry()
    e = e.model_copy(update={"profile": e.profile.model_copy(update={
        "company": e.profile.company.model_copy(update={"name": HOSTILE})})})
    nc = await nats.connect(nats_url)
    try:
        for subject, payload in ((subjects.ASSESSMENT_COMPLETED, assessment_of(e)),):
            env = new_envelope(payload, subject=subject, producer="test", correlation_id=e.reference)
            await nc.jetstream().publish(subject, env.model_dump_json().encode(),
                                         headers={"Nats-Msg-Id": str(env.event_id)})
    finally:
        await nc.close()
    conn = await asyncpg.connect(dsn)
    try:
        async def opened() -> str | None:
            row = await conn.fetchval("SELECT id::text FROM cases WHERE status = 'open' AND company_name = $1", HOSTILE)
            return row
        return await eventually(opened, timeout=30, what="hostile case opened")
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def hostile_case(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    with advisory_stack(servers, tmp_path_factory.mktemp("names-browser"), name="namesbrowser",
                        lead=(LEAD, PASSWORD)) as (stack, nats_url, dsn):
        yield stack.url("advisory"), asyncio.run(_publish_hostile_case(nats_url, dsn))


@pytest.mark.parametrize("width", [1280, 390])
def test_a_bidi_override_name_is_isolated_and_flagged_in_queue_and_case(hostile_case, width: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, case_id = hostile_case
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(base_url=base, locale="en-GB", viewport={"width": width, "height": 900})
            page.goto("/login?lang=en")
            page.fill("#email", LEAD)
            page.fill("#password", PASSWORD)
            page.click("#login")
            row = page.locator(f"#queue tr[data-case-id='{case_id}'] td.company")
            expect(row).to_be_visible()
            # The name sits alone in a <bdi>: its override cannot reach past it into the row.
            assert row.locator("bdi").evaluate("e => e.textContent") == SHOWN
            assert row.locator("bdi").evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
            expect(row.locator(".name-warning")).to_have_count(2)
            expect(row).to_contain_text("Name contains characters that look like Latin letters")
            page.screenshot(path=str(ARTIFACTS / "screenshots" / f"advisory-hostile-name-queue-{width}.png"),
                            full_page=True)
            no_axe_violations(page, "queue")

            page.goto(f"/cases/{case_id}")
            title = page.locator("#case-title bdi")
            assert title.evaluate("e => e.textContent") == SHOWN
            expect(page.locator("#name-warning")).to_contain_text("look like Latin letters")
            expect(page.locator("#name-warning")).to_contain_text("text-direction control")
            # The top of the case page, where the title and the warning are (the whole page is very long).
            page.screenshot(path=str(ARTIFACTS / "screenshots" / f"advisory-hostile-name-case-{width}.png"))
            no_axe_violations(page, "case")
        finally:
            browser.close()
