"""XSS corpus through every user field of an enquiry, into the advisor UI, the status page and the emails.

The whole platform runs (four processes); a real enquiry carries script payloads in every free-text field. In
headless Chromium no dialog may open and no element from user data may appear; every HTML page carries CSP,
nosniff and frame-ancestors.
"""
from __future__ import annotations

import copy
import email
import email.policy
import uuid
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_enquiry_to_case import unique_example
from tests.support.stack import ADVISOR_EMAIL, ADVISOR_PASSWORD, mail_files
from tests.support.waiting import eventually

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)"),
              pytest.mark.e2e]
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PAYLOADS = [
    '<b id=MARK>x</b><script>alert("xss")</script>',
    '"><img src=x id=MARK onerror=alert(1)>',
    "'><svg id=MARK onload=alert(1)>",
    "</textarea><iframe id=MARK src=javascript:alert(1)>",
    "{{7*7}}{% raw %}<a id=MARK href=javascript:alert(1)>x</a>",
    "\u202e<details id=MARK open ontoggle=alert(1)>",
]


def poisoned_enquiry() -> dict:
    body = unique_example()
    p = iter(PAYLOADS * 5)
    body["company"]["name"] = f"XSS GmbH {next(p)}"
    body["company"]["register_number"] = f"HRB {uuid.uuid4().hex[:6]} {next(p)}"[:200]
    for c in body["competences"]:
        c["evidence"] = next(p)
    for o in body["offerings"]:
        o["name"], o["description"] = next(p), next(p)
    for c in body["certifications"]:
        c["number"], c["issuer"] = next(p)[:200], next(p)[:200]
    body["compliance"]["shareholders"][0]["name"] = next(p)
    body["capacity"]["test_facilities"] = next(p)
    body["market_access"]["references"] = next(p)
    body["message"] = " ".join(PAYLOADS)
    body["contact"]["name"] = f"Dr. {next(p)}"[:200]
    body["contact"]["role"] = next(p)
    return copy.deepcopy(body)


class _MarkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k.lower() for k, _ in attrs}
        marked = ("id", "MARK") in [(k.lower(), v) for k, v in attrs]
        if marked or tag == "script" or any(n.startswith("on") for n in names):
            self.found.append(f"<{tag} {attrs}>")


def test_no_payload_executes_or_becomes_markup_anywhere(stack) -> None:
    from playwright.sync_api import sync_playwright

    body = poisoned_enquiry()
    accepted = httpx.post(f"{stack.url('intake')}/api/v1/enquiries", json=body, timeout=10)
    assert accepted.status_code == 202, accepted.text
    accepted = accepted.json()
    client = httpx.Client(base_url=stack.url("advisory"), timeout=10)
    client.post("/api/v1/session", json={"email": ADVISOR_EMAIL, "password": ADVISOR_PASSWORD})

    def case_id() -> str | None:
        items = client.get("/api/v1/cases", params={"limit": 200}).json()["items"]
        return next((c["id"] for c in items if c["enquiry_id"] == accepted["enquiry_id"]), None)

    import asyncio

    async def probe() -> str | None:
        return case_id()

    cid = asyncio.run(eventually(probe, timeout=30, what="poisoned case in the queue"))
    dialogs: list[str] = []
    headers_missing: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(locale="de-DE")
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            def check_headers(response) -> None:
                if "text/html" in response.headers.get("content-type", ""):
                    h = response.headers
                    csp = h.get("content-security-policy", "")
                    if "frame-ancestors" not in csp or "script-src" not in csp and "default-src" not in csp \
                            or h.get("x-content-type-options") != "nosniff":
                        headers_missing.append(response.url)

            page.on("response", check_headers)
            page.goto(f"{stack.url('advisory')}/login")
            page.fill("#email", ADVISOR_EMAIL)
            page.fill("#password", ADVISOR_PASSWORD)
            page.click("#login")
            for url in (f"{stack.url('advisory')}/queue", f"{stack.url('advisory')}/cases/{cid}",
                        f"{stack.url('advisory')}/cases/{cid}?lang=en", accepted["status_url"],
                        f"{stack.url('intake')}/?lang=en"):
                page.goto(url)
                page.wait_for_load_state("load")
                assert page.locator("#MARK").count() == 0, url
                assert "XSS GmbH" in page.content() or "status" in url or url.endswith("lang=en"), url
        finally:
            browser.close()
    assert dialogs == []
    assert headers_missing == []

    async def mailed() -> list:
        return [p for p in mail_files(stack) if body["contact"]["email"] in p.read_text(errors="replace")]

    mails = asyncio.run(eventually(mailed, timeout=30, what="acknowledgement email"))
    msg = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    html = msg.get_body(preferencelist=("html",)).get_content()
    finder = _MarkFinder()
    finder.feed(html)
    assert finder.found == [], finder.found
