"""The company's journey, in pieces the browser tests share: the services as processes on their own nats-server,
the guided form walked step by step with one mistake per step, "save and continue later" and the resume link from
the email in the SMTP sink, a clean PDF and one with a scanned "VS-NfD" stamp, check your answers and submit; the
advisor's log-in and release of the result; the axe check for serious and critical violations.

A walk takes `look(what)`: called where a test may look at the page (screenshots, axe, keyboard) - "step1-company",
"step2-competences" ... "step8-contact" on a fresh step, "step<n>-error" on a step showing its error summary,
"refusal" on the documents step after the stamped PDF, "check" on the check-your-answers page. `quiet` looks at
nothing.
"""
from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import io
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from devstack.nats import NatsServer
from devstack.proc import free_port, wait_until
from devstack.stack import SERVICES, Stack, StackConfig
from shared.db import ensure_database
from tests.support.infra import Servers

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
Look = Callable[[str], None]

FORM_TEXTS = {
    "de": {"next": "Weiter", "save": "Speichern und später fortsetzen", "send_link": "Link senden",
           "upload": "Hochladen", "submit": "Anfrage absenden", "check": "Angaben prüfen",
           "refused": "Diese Datei dürfen wir nicht annehmen", "stored": "geprüft und gespeichert",
           "thanks": "Vielen Dank", "progress": "Schritt {n} von 8", "add": "Weiteres Angebot hinzufügen",
           "whom": "Geheimschutzbeauftragten", "subject": "gespeicherter Entwurf", "english": "Continue",
           "to_check": "Weiter zur Prüfung"},
    "en": {"next": "Continue", "save": "Save and continue later", "send_link": "Send link",
           "upload": "Upload", "submit": "Send enquiry", "check": "Check your answers",
           "refused": "We must not accept this file", "stored": "was checked and stored",
           "thanks": "Thank you", "progress": "Step {n} of 8", "add": "Add another offering",
           "whom": "security officer", "subject": "saved draft", "english": "Weiter",
           "to_check": "Continue to check"},
}
LOCALES = {"de": "de-DE", "en": "en-GB"}  # the browser's own file picker speaks the language too


def quiet(what: str) -> None:
    """A look at nothing: for a walk whose pages another test looks at."""


@dataclass
class Platform:
    stack: Stack
    dsns: dict[str, str]

    def url(self, service: str) -> str:
        return self.stack.url(service)

    @property
    def mail_dir(self) -> Path:
        return self.stack.mail_dir


@contextlib.contextmanager
def platform_stack(servers: Servers, root: Path, *, name: str, services: tuple[str, ...],
                   smtp_sink: bool = False) -> Iterator[Platform]:
    """`services` as processes on their own nats-server (their durable names are fixed: on a shared server another
    copy would take their events) with fresh databases on the session's PostgreSQL. With `smtp_sink` the SMTP sink
    keeps every email in `mail_dir`; without it mail goes to a closed port. Stopped on exit."""
    own_nats = NatsServer(root / "nats", name=f"{name}{uuid.uuid4().hex[:6]}")
    own_nats.start()
    dsns = {s: servers.dsn(f"browser_{name}_{s}_{uuid.uuid4().hex[:6]}") for s in SERVICES}
    for service in services:
        asyncio.run(ensure_database(dsns[service]))
    ports: set[int] = set()
    while len(ports) < len(SERVICES) + 1:  # distinct: a port handed out twice would fail one bind
        ports.add(free_port())
    smtp_port, *service_ports = sorted(ports)
    stack = Stack(StackConfig(root=root, ports=dict(zip(SERVICES, service_ports, strict=True)),
                              nats_url=own_nats.url, database_urls=dsns,
                              smtp=None if smtp_sink else ("127.0.0.1", 9), smtp_port=smtp_port,
                              service_env={"OUTBOX_POLL_INTERVAL_S": "0.3"}))
    try:
        if smtp_sink:
            stack.start_infrastructure()  # only the SMTP sink: NATS and PostgreSQL are given
        for service in services:
            stack.start_service(service)
        for service in services:
            stack.wait_ready(service)
        yield Platform(stack=stack, dsns=dsns)
    finally:
        stack.stop()
        own_nats.stop()


def scanned_stamp_pdf() -> bytes:
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((180, 140, 1060, 300), outline="black", width=8)
    draw.text((230, 180), "VS-NfD", fill="black", font=ImageFont.truetype(FONT, 72))
    draw.text((180, 500), "Lagebericht Nord", fill="black", font=ImageFont.truetype(FONT, 40))
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=150)
    return out.getvalue()


def clean_pdf() -> bytes:
    image = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(image).text((180, 180), "Unternehmenspräsentation", fill="black",
                               font=ImageFont.truetype(FONT, 56))
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=150)
    return out.getvalue()


def no_serious_axe_violations(page, where: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{where}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in bad)


def emailed_link(mail_dir: Path, address: str, subject_part: str, path: str) -> str:
    """The link to `path` (a regular expression for the path and query) in the newest email to `address` whose
    subject has `subject_part`; waits for the email in the SMTP sink."""
    found: list[str] = []

    def latest() -> bool:
        links: list[str] = []
        for eml in sorted(mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime):
            message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
            if address in str(message["To"]) and subject_part in str(message["Subject"]):
                body = message.get_body(preferencelist=("plain",)).get_content()
                links += re.findall(r"https?://[^/\s]+" + path, body)
        found[:] = links[-1:]
        return bool(found)
    wait_until(latest, timeout=60, what=f"email to {address} with {subject_part!r}", interval=0.3)
    return found[0]


def resume_link(mail_dir: Path, address: str, subject_part: str) -> str:
    return emailed_link(mail_dir, address, subject_part, r"/anfrage/fortsetzen/[A-Za-z0-9_-]+\?lang=\w\w")


def next_step(page, lang: str, n: int) -> None:
    page.get_by_role("button", name=FORM_TEXTS[lang]["next"], exact=True).click()
    page.get_by_text(FORM_TEXTS[lang]["progress"].format(n=n), exact=True).wait_for()


def mistake_then_fix(page, lang: str, n: int, *, wrong, right, field_id: str, look: Look) -> None:
    """Make one mistake on step n, see it in the error summary, fix it, go on to step n+1."""
    wrong()
    page.get_by_role("button", name=FORM_TEXTS[lang]["next"], exact=True).click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert summary.locator(f'a[href="#{field_id}"]').count() == 1, f"step {n}: {summary.inner_text()}"
    assert page.get_by_text(FORM_TEXTS[lang]["progress"].format(n=n), exact=True).is_visible()
    look(f"step{n}-error")
    right()
    next_step(page, lang, n + 1)


def fill_steps_one_to_six(page, lang: str, *, company_name: str, look: Look) -> None:
    """From step 1 (open) to step 7, the documents (open at the end): one mistake per step, each fixed."""
    look("step1-company")

    # 1 company: no staff
    def company_wrong() -> None:
        page.locator("#f-company-name").fill(company_name)
        page.locator("#f-company-legal_form").select_option("GmbH")
        page.locator("#f-company-kreis").select_option("Solingen")
        page.locator("#f-company-headcount").fill("0")
        page.locator("#f-company-sector_of_origin").select_option("automotive")
    mistake_then_fix(page, lang, 1, wrong=company_wrong, look=look,
                     right=lambda: page.locator("#f-company-headcount").fill("240"),
                     field_id="f-company-headcount")

    # 2 competences: none declared
    look("step2-competences")
    mistake_then_fix(page, lang, 2, wrong=lambda: None, field_id="f-competences", look=look,
                     right=lambda: (page.locator("#f-competences-0-field").select_option("CF02"),
                                    page.locator("#f-competences-0-proficiency").select_option("2")))

    # 3 offerings: a second row added by its button; the mistake: that offering has no name
    page.locator("#f-offerings-0-name").fill("Gehäuse aus Aluminium-Druckguss")
    page.locator("#f-offerings-0-trl").select_option("7")
    page.get_by_role("button", name=re.compile(FORM_TEXTS[lang]["add"])).click()
    page.locator("#f-offerings-1-description").wait_for()
    look("step3-offerings")

    def offering_wrong() -> None:
        page.locator("#f-offerings-1-description").fill("Fräsen und Drehen nach Zeichnung")
        page.locator("#f-offerings-1-trl").select_option("9")
    mistake_then_fix(page, lang, 3, field_id="f-offerings-1-name", wrong=offering_wrong, look=look,
                     right=lambda: page.locator("#f-offerings-1-name").fill("Frästeile"))

    # 4 certificates and security: Geheimschutz question unanswered
    look("step4-certificates")
    mistake_then_fix(page, lang, 4, look=look,
                     wrong=lambda: page.locator("#f-compliance-geheimschutz_status").select_option("none"),
                     field_id="f-compliance-willing_to_enter_geheimschutz",
                     right=lambda: page.locator("#f-compliance-willing_to_enter_geheimschutz-no").check())

    # 5 export control: one yes/no left open
    look("step5-export")

    def export_wrong() -> None:
        for q in ("export_officer_named", "internal_compliance_programme", "goods_classified"):
            page.locator(f"#f-compliance-{q}-no").check()
        page.locator("#f-compliance-us_controlled_content").select_option("no")
        page.locator("#f-compliance-war_weapon_relevance").select_option("none")
    mistake_then_fix(page, lang, 5, wrong=export_wrong, field_id="f-compliance-exports_outside_eu", look=look,
                     right=lambda: page.locator("#f-compliance-exports_outside_eu-no").check())

    # 6 capacity and market: free capacity over 100 %
    look("step6-capacity")

    def capacity_wrong() -> None:
        page.locator("#f-capacity-free_capacity_percent").fill("120")
        page.locator("#f-capacity-mrl").select_option("8")
        page.locator("#f-market_access-defence_market_access").select_option("none")
    mistake_then_fix(page, lang, 6, wrong=capacity_wrong, field_id="f-capacity-free_capacity_percent", look=look,
                     right=lambda: page.locator("#f-capacity-free_capacity_percent").fill("20"))
    look("step7-documents")


def save_for_later(page, lang: str, *, address: str, mail_dir: Path) -> str:
    """"Save and continue later" with `address`: the resume link from the email in the SMTP sink."""
    from playwright.sync_api import expect

    page.get_by_role("button", name=FORM_TEXTS[lang]["save"]).click()
    page.locator("#f-email").fill(address)
    page.get_by_role("button", name=FORM_TEXTS[lang]["send_link"]).click()
    expect(page.locator("#saved-text")).to_contain_text(address)
    return resume_link(mail_dir, address, FORM_TEXTS[lang]["subject"])


def resume_on_documents_step(context, link: str, lang: str, *, company_name: str):
    """Open the resume link in `context` (a new browser, no cookie): every step is back, the check page says so;
    then go to the documents step. The page."""
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name=FORM_TEXTS[lang]["check"])).to_be_visible()
    expect(page.locator("main")).to_contain_text(company_name)
    expect(page.locator("main")).to_contain_text("Frästeile")
    page.goto(page.url.split("/anfrage/")[0] + f"/anfrage/dokumente?lang={lang}")
    return page


def upload_clean_and_stamped(page, lang: str, *, look: Look) -> None:
    """The clean PDF is stored, the scanned "VS-NfD" stamp refused with the explanation; on to step 8."""
    from playwright.sync_api import expect

    page.locator("#f-file").set_input_files(files=[{"name": "praesentation.pdf", "mimeType":
                                                     "application/pdf", "buffer": clean_pdf()}])
    page.get_by_role("button", name=FORM_TEXTS[lang]["upload"], exact=True).click()
    expect(page.locator("#upload-notice")).to_contain_text(FORM_TEXTS[lang]["stored"])
    page.locator("#f-file").set_input_files(files=[{"name": "lagebericht.pdf", "mimeType":
                                                     "application/pdf", "buffer": scanned_stamp_pdf()}])
    page.get_by_role("button", name=FORM_TEXTS[lang]["upload"], exact=True).click()
    refusal = page.locator("#classified")
    expect(refusal).to_contain_text(FORM_TEXTS[lang]["refused"])
    expect(refusal).to_contain_text("VS-NfD")
    expect(refusal).to_contain_text(FORM_TEXTS[lang]["whom"])
    expect(refusal).to_contain_text("DEFENCE.NRW")
    expect(page.locator("ul.documents li")).to_have_count(1)
    look("refusal")
    page.locator("ul.documents input[type=checkbox]").check()
    next_step(page, lang, 8)


def fill_contact(page, lang: str, *, address: str, look: Look) -> None:
    """Step 8 with the email address mistyped, then right: on to the check page."""
    look("step8-contact")
    page.locator("#f-contact-name").fill("Dr. Julia Krämer")
    page.locator("#f-contact-email").fill("julia-at-bergische.example")
    page.locator("#f-consents-processing").check()
    page.locator("#f-consents-no_classified_information").check()
    page.get_by_role("button", name=FORM_TEXTS[lang]["to_check"], exact=True).click()
    page.locator('#error-summary a[href="#f-contact-email"]').wait_for()
    look("step8-error")
    page.locator("#f-contact-email").fill(address)
    page.get_by_role("button", name=FORM_TEXTS[lang]["to_check"], exact=True).click()


def check_and_submit(page, lang: str, *, company_name: str, address: str, look: Look) -> str:
    """The check page shows the answers and the stored document only, a "change" link per section; submit.
    The enquiry's reference."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", level=1, name=FORM_TEXTS[lang]["check"])).to_be_visible()
    main = page.locator("main")
    for shown in (company_name, "Gehäuse aus Aluminium-Druckguss", "praesentation.pdf", address):
        expect(main).to_contain_text(shown)
    expect(main).not_to_contain_text("lagebericht.pdf")
    if lang == "de":
        expect(main).not_to_contain_text(FORM_TEXTS[lang]["english"])
    expect(page.locator(".check-section .check-head a")).to_have_count(8)
    look("check")
    page.get_by_role("button", name=FORM_TEXTS[lang]["submit"]).click()
    expect(page.locator("h1")).to_contain_text(FORM_TEXTS[lang]["thanks"])
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"DN-\d{4}-[0-9A-Z]{6}", reference)
    return reference


def log_in(page, who: tuple[str, str], *, lang: str | None = None) -> None:
    """An advisor logs in to advisory (the page's base URL) as `(email, password)`."""
    page.goto("/login" if lang is None else f"/login?lang={lang}")
    page.fill("#email", who[0])
    page.fill("#password", who[1])
    page.click("#login")


def claim(advisor) -> None:
    """On an open case page: the advisor takes the case; the release action shows."""
    from playwright.sync_api import expect

    advisor.click("#claim")
    expect(advisor.locator("#release-result")).to_be_visible()


def release(advisor) -> None:
    """On a claimed case page: "release the result to the company"; the timeline records it."""
    from playwright.sync_api import expect

    advisor.click("#release-result")
    expect(advisor.locator("#release-state")).not_to_have_attribute("data-released", "")
    expect(advisor.locator("#timeline li[data-kind='result_released']")).to_have_count(1)


def wait_for_result(company, status_path: str) -> None:
    """Reload the company's status page until the released result shows."""
    def shown() -> bool:
        company.goto(status_path)
        return company.locator("#result").count() == 1
    wait_until(shown, timeout=30, what="result on the status page", interval=0.3)
