"""A company walks the guided form in Chromium, in German and in English: one mistake per step, "save and continue
later", the resume link from the email in the SMTP sink, a clean PDF and a PDF with a scanned "VS-NfD" stamp
(refused with the explanation), check your answers, submit. Keyboard only reaches every control; screenshots of
every step, the check page and the refusal at 1280 and 390 px; axe-core: no serious or critical violation on any
step page, the check page and the status page."""
from __future__ import annotations

import asyncio
import email
import email.policy
import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from devstack.nats import NatsServer
from devstack.proc import free_port, wait_until
from devstack.stack import SERVICES, Stack, StackConfig
from shared.db import ensure_database
from tests.support.infra import Servers

from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian package chromium)")
SHOTS = ARTIFACTS / "guided-form"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

T = {
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


@dataclass
class Journey:
    intake: str
    mail_dir: Path


@pytest.fixture(scope="module")
def journey(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journey]:
    """intake and notification as processes with the SMTP sink, on their own nats-server (fixed durable names)."""
    root = tmp_path_factory.mktemp("guided-form")
    own_nats = NatsServer(root / "nats", name=f"guided{uuid.uuid4().hex[:6]}")
    own_nats.start()
    dsns = {s: servers.dsn(f"browser_guided_{s}_{uuid.uuid4().hex[:6]}") for s in SERVICES}
    for service in ("intake", "notification"):
        asyncio.run(ensure_database(dsns[service]))
    stack = Stack(StackConfig(root=root, ports={s: free_port() for s in SERVICES}, nats_url=own_nats.url,
                              database_urls=dsns, service_env={"OUTBOX_POLL_INTERVAL_S": "0.3"}))
    try:
        stack.start_infrastructure()  # only the SMTP sink: NATS and PostgreSQL are given
        for service in ("intake", "notification"):
            stack.start_service(service)
        for service in ("intake", "notification"):
            stack.wait_ready(service)
        yield Journey(intake=stack.url("intake"), mail_dir=stack.mail_dir)
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


def resume_link(mail_dir: Path, address: str, subject_part: str) -> str:
    found: list[str] = []

    def latest() -> bool:
        links: list[str] = []
        for path in sorted(mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address in str(message["To"]) and subject_part in str(message["Subject"]):
                body = message.get_body(preferencelist=("plain",)).get_content()
                links += re.findall(r"https?://\S+/anfrage/fortsetzen/[A-Za-z0-9_-]+\?lang=\w\w", body)
        found[:] = links[-1:]
        return bool(found)
    wait_until(latest, timeout=60, what=f"resume email to {address}", interval=0.3)
    return found[0]


def next_step(page, lang: str, n: int) -> None:
    page.get_by_role("button", name=T[lang]["next"], exact=True).click()
    page.get_by_text(T[lang]["progress"].format(n=n), exact=True).wait_for()


def mistake_then_fix(page, lang: str, n: int, *, wrong, right, field_id: str) -> None:
    """Make one mistake on step n, see it in the error summary, fix it, go on to step n+1."""
    wrong()
    page.get_by_role("button", name=T[lang]["next"], exact=True).click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert summary.locator(f'a[href="#{field_id}"]').count() == 1, f"step {n}: {summary.inner_text()}"
    assert page.get_by_text(T[lang]["progress"].format(n=n), exact=True).is_visible()
    no_serious_axe_violations(page, f"step {n} with an error ({lang})")
    right()
    next_step(page, lang, n + 1)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_whole_journey_with_save_resume_documents_and_submit(journey: Journey, lang: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    address = f"j.kraemer.{lang}.{uuid.uuid4().hex[:6]}@bergische.example"
    company_name = f"Bergische Präzision {uuid.uuid4().hex[:6]} GmbH"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            locale = "de-DE" if lang == "de" else "en-GB"  # the browser's own file picker speaks the language too
            context = browser.new_context(base_url=journey.intake, viewport={"width": 1280, "height": 900},
                                          locale=locale)
            page = context.new_page()
            page.goto(f"/?lang={lang}")
            assert page.locator("html").get_attribute("lang") == lang
            expect(page.get_by_text(T[lang]["progress"].format(n=1), exact=True)).to_be_visible()
            expect(page.locator("ol.steps li")).to_have_count(8)
            shoot(page, f"step1-company-{lang}")
            no_serious_axe_violations(page, f"step 1 ({lang})")
            keyboard_reaches_every_control(page, f"step 1 ({lang})")

            # 1 company: headcount in words
            def company_wrong() -> None:
                page.locator("#f-company-name").fill(company_name)
                page.locator("#f-company-legal_form").select_option("GmbH")
                page.locator("#f-company-kreis").select_option("Solingen")
                page.locator("#f-company-headcount").fill("0")
                page.locator("#f-company-sector_of_origin").select_option("automotive")
            mistake_then_fix(page, lang, 1, wrong=company_wrong,
                             right=lambda: page.locator("#f-company-headcount").fill("240"),
                             field_id="f-company-headcount")

            # 2 competences: none declared
            shoot(page, f"step2-competences-{lang}")
            no_serious_axe_violations(page, f"step 2 ({lang})")
            keyboard_reaches_every_control(page, f"step 2 ({lang})")
            mistake_then_fix(page, lang, 2, wrong=lambda: None, field_id="f-competences",
                             right=lambda: page.locator("#f-competences-CF02-proficiency").select_option("2"))

            # 3 offerings: a second row added by its button; the mistake: that offering has no name
            page.locator("#f-offerings-0-name").fill("Gehäuse aus Aluminium-Druckguss")
            page.locator("#f-offerings-0-trl").select_option("7")
            page.get_by_role("button", name=re.compile(T[lang]["add"])).click()
            page.locator("#f-offerings-1-description").wait_for()
            shoot(page, f"step3-offerings-{lang}")
            no_serious_axe_violations(page, f"step 3 ({lang})")
            keyboard_reaches_every_control(page, f"step 3 ({lang})")
            def offering_wrong() -> None:
                page.locator("#f-offerings-1-description").fill("Fräsen und Drehen nach Zeichnung")
                page.locator("#f-offerings-1-trl").select_option("9")
            mistake_then_fix(page, lang, 3, field_id="f-offerings-1-name", wrong=offering_wrong,
                             right=lambda: page.locator("#f-offerings-1-name").fill("Frästeile"))

            # 4 certificates and security: Geheimschutz question unanswered
            shoot(page, f"step4-certificates-{lang}")
            no_serious_axe_violations(page, f"step 4 ({lang})")
            keyboard_reaches_every_control(page, f"step 4 ({lang})")

            def certificates_wrong() -> None:
                page.locator("#f-compliance-geheimschutz_status").select_option("none")
            mistake_then_fix(page, lang, 4, wrong=certificates_wrong,
                             field_id="f-compliance-willing_to_enter_geheimschutz",
                             right=lambda: page.locator("#f-compliance-willing_to_enter_geheimschutz-no").check())

            # 5 export control: one yes/no left open
            shoot(page, f"step5-export-{lang}")
            no_serious_axe_violations(page, f"step 5 ({lang})")
            keyboard_reaches_every_control(page, f"step 5 ({lang})")

            def export_wrong() -> None:
                for q in ("export_officer_named", "internal_compliance_programme", "goods_classified"):
                    page.locator(f"#f-compliance-{q}-no").check()
                page.locator("#f-compliance-us_controlled_content").select_option("no")
                page.locator("#f-compliance-war_weapon_relevance").select_option("none")
            mistake_then_fix(page, lang, 5, wrong=export_wrong, field_id="f-compliance-exports_outside_eu",
                             right=lambda: page.locator("#f-compliance-exports_outside_eu-no").check())

            # 6 capacity and market: free capacity over 100 %
            shoot(page, f"step6-capacity-{lang}")
            no_serious_axe_violations(page, f"step 6 ({lang})")
            keyboard_reaches_every_control(page, f"step 6 ({lang})")

            def capacity_wrong() -> None:
                page.locator("#f-capacity-free_capacity_percent").fill("120")
                page.locator("#f-capacity-mrl").select_option("8")
                page.locator("#f-market_access-defence_market_access").select_option("none")
            mistake_then_fix(page, lang, 6, wrong=capacity_wrong, field_id="f-capacity-free_capacity_percent",
                             right=lambda: page.locator("#f-capacity-free_capacity_percent").fill("20"))

            # 7 documents: save here and continue later from the email
            shoot(page, f"step7-documents-{lang}")
            no_serious_axe_violations(page, f"step 7 ({lang})")
            keyboard_reaches_every_control(page, f"step 7 ({lang})")
            page.get_by_role("button", name=T[lang]["save"]).click()
            page.locator("#f-email").fill(address)
            page.get_by_role("button", name=T[lang]["send_link"]).click()
            expect(page.locator("#saved-text")).to_contain_text(address)
            link = resume_link(journey.mail_dir, address, T[lang]["subject"])
            context.close()

            # A new browser (no cookie) opens the link: every step is back.
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
            page = context.new_page()
            page.goto(link)
            expect(page.get_by_role("heading", level=1, name=T[lang]["check"])).to_be_visible()
            expect(page.locator("main")).to_contain_text(company_name)
            expect(page.locator("main")).to_contain_text("Frästeile")
            page.goto(page.url.split("/anfrage/")[0] + f"/anfrage/dokumente?lang={lang}")

            page.locator("#f-file").set_input_files(files=[{"name": "praesentation.pdf", "mimeType":
                                                             "application/pdf", "buffer": clean_pdf()}])
            page.get_by_role("button", name=T[lang]["upload"], exact=True).click()
            expect(page.locator("#upload-notice")).to_contain_text(T[lang]["stored"])
            page.locator("#f-file").set_input_files(files=[{"name": "lagebericht.pdf", "mimeType":
                                                             "application/pdf", "buffer": scanned_stamp_pdf()}])
            page.get_by_role("button", name=T[lang]["upload"], exact=True).click()
            refusal = page.locator("#classified")
            expect(refusal).to_contain_text(T[lang]["refused"])
            expect(refusal).to_contain_text("VS-NfD")
            expect(refusal).to_contain_text(T[lang]["whom"])
            expect(refusal).to_contain_text("DEFENCE.NRW")
            expect(page.locator("ul.documents li")).to_have_count(1)
            shoot(page, f"refusal-{lang}")
            no_serious_axe_violations(page, f"refusal ({lang})")
            page.locator("ul.documents input[type=checkbox]").check()
            next_step(page, lang, 8)

            # 8 contact and consent: the email address mistyped
            shoot(page, f"step8-contact-{lang}")
            no_serious_axe_violations(page, f"step 8 ({lang})")
            keyboard_reaches_every_control(page, f"step 8 ({lang})")

            def contact_wrong() -> None:
                page.locator("#f-contact-name").fill("Dr. Julia Krämer")
                page.locator("#f-contact-email").fill("julia-at-bergische.example")
                page.locator("#f-consents-processing").check()
                page.locator("#f-consents-no_classified_information").check()
            contact_wrong()
            page.get_by_role("button", name=T[lang]["to_check"], exact=True).click()
            page.locator('#error-summary a[href="#f-contact-email"]').wait_for()
            no_serious_axe_violations(page, f"step 8 with an error ({lang})")
            page.locator("#f-contact-email").fill(address)
            page.get_by_role("button", name=T[lang]["to_check"], exact=True).click()

            expect(page.get_by_role("heading", level=1, name=T[lang]["check"])).to_be_visible()
            main = page.locator("main")
            for shown in (company_name, "Gehäuse aus Aluminium-Druckguss", "praesentation.pdf", address):
                expect(main).to_contain_text(shown)
            expect(main).not_to_contain_text("lagebericht.pdf")
            expect(main).not_to_contain_text(T[lang]["english"]) if lang == "de" else None
            expect(page.locator(".check-section .check-head a")).to_have_count(8)
            shoot(page, f"check-{lang}")
            no_serious_axe_violations(page, f"check page ({lang})")
            keyboard_reaches_every_control(page, f"check page ({lang})")

            page.get_by_role("button", name=T[lang]["submit"]).click()
            expect(page.locator("h1")).to_contain_text(T[lang]["thanks"])
            reference = page.locator("#reference").inner_text()
            assert re.fullmatch(r"DN-\d{4}-[0-9A-Z]{6}", reference)
            shoot(page, f"success-{lang}")
            page.locator("#status-link").click()
            page.locator("#status").wait_for()
            no_serious_axe_violations(page, f"status page ({lang})")
        finally:
            browser.close()
