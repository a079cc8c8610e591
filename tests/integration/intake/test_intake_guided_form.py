"""The guided form on a real database and NATS: steps kept in a draft, save and resume with a rotating emailed link,
expiry purge, GDPR erasure of drafts, documents screened in the draft and moved with the submission."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image, ImageDraw, ImageFont

from services.intake.domain.form_prefill import form_values
from services.intake.presentation.form_steps import STEPS
from services.intake.use_cases.drafts import purge_expired_drafts
from services.intake.use_cases.erase import request_erasure
from shared.contracts import subjects
from tests.support.test_data import unique_enquiry

from .conftest import Intake

pytestmark = pytest.mark.asyncio


def csrf_in(html: str) -> str:
    return re.search(r'name="csrf_token" value="([0-9a-f]{64})"', html).group(1)


async def open_form(intake: Intake, lang: str = "de") -> str:
    page = await intake.client.get(f"/anfrage/unternehmen?lang={lang}")
    assert page.status_code == 200, page.text
    assert "intake_draft" in intake.client.cookies
    set_cookie = page.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "path=/anfrage" in set_cookie
    return csrf_in(page.text)


async def fill_steps(intake: Intake, body: dict, csrf: str, lang: str = "de") -> None:
    values = form_values(body)
    for step in STEPS:
        if step.template is None:
            r = await intake.client.post(f"/anfrage/{step.id}", data={"lang": lang, "csrf_token": csrf,
                                                                     "action": "next"}, files={})
        else:
            data = {k: v for k, v in values.items() if step.owns(k)} | {"lang": [lang], "csrf_token": [csrf]}
            r = await intake.client.post(f"/anfrage/{step.id}", data=data)
        assert r.status_code == 303, (step.id, r.text[:3000])


async def outbox_subjects(intake: Intake) -> list[str]:
    async with intake.pool.acquire() as conn:
        return [r["subject"] for r in await conn.fetch("SELECT subject FROM outbox ORDER BY id")]


def scanned_stamp_pdf(text: str) -> bytes:
    """An image-only PDF page with a stamp: only OCR can find the mark."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 72)
    draw.rectangle((180, 140, 1060, 300), outline="black", width=8)
    draw.text((230, 180), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=150)
    return out.getvalue()


def clean_pdf() -> bytes:
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Unternehmenspräsentation"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def test_step_error_is_shown_on_its_step_and_nothing_is_published(intake: Intake) -> None:
    csrf = await open_form(intake)
    r = await intake.client.post("/anfrage/unternehmen", data={"lang": "de", "csrf_token": csrf,
                                                              "company.name": "Bergische Präzision GmbH",
                                                              "company.headcount": "zwölf"})
    assert r.status_code == 422
    assert 'id="error-summary"' in r.text and "Schritt 1 von 8" in r.text
    assert 'href="#f-company-headcount"' in r.text and "ganze Zahl" in r.text
    assert 'href="#f-contact-email"' not in r.text, "errors of later steps wait for their step"
    assert 'value="Bergische Präzision GmbH"' in r.text
    back = await intake.client.get("/anfrage/unternehmen?lang=de")
    assert 'value="Bergische Präzision GmbH"' in back.text, "kept in the draft"
    assert await outbox_subjects(intake) == []


async def test_the_preferred_language_starts_as_the_page_language_when_the_draft_has_answers(intake: Intake) -> None:
    """Left alone on step 8 it was German (the contract's default): an English company got German emails."""
    csrf = await open_form(intake, "en")
    await intake.client.post("/anfrage/unternehmen", data={"lang": "en", "csrf_token": csrf,
                                                          "company.name": "Bergische Präzision GmbH"})
    contact = await intake.client.get("/anfrage/kontakt?lang=en")
    assert re.search(r'<option value="en" selected>', contact.text), contact.text[:3000]


async def test_post_without_the_csrf_field_is_refused(intake: Intake) -> None:
    await open_form(intake)
    r = await intake.client.post("/anfrage/unternehmen", data={"lang": "de", "company.name": "X"})
    assert r.status_code == 400
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM drafts") == 0


async def test_rows_are_added_and_removed_by_submit_buttons(intake: Intake) -> None:
    csrf = await open_form(intake)
    page = await intake.client.get("/anfrage/zertifikate?lang=de")
    assert 'id="f-certifications-0-type"' not in page.text, "no empty slots"
    r = await intake.client.post("/anfrage/zertifikate", data={"lang": "de", "csrf_token": csrf,
                                                               "action": "add:certifications"})
    assert r.status_code == 303
    page = await intake.client.get(r.headers["location"])
    assert 'id="f-certifications-0-type"' in page.text and 'id="f-certifications-1-type"' not in page.text
    await intake.client.post("/anfrage/zertifikate", data={"lang": "de", "csrf_token": csrf,
                                                           "action": "add:certifications",
                                                           "certifications.0.type": "ISO 9001"})
    await intake.client.post("/anfrage/zertifikate", data={
        "lang": "de", "csrf_token": csrf, "action": "remove:certifications:0", "certifications.0.type": "ISO 9001",
        "certifications.1.type": "EN 9100"})
    page = await intake.client.get("/anfrage/zertifikate?lang=de")
    assert 'id="f-certifications-1-type"' not in page.text
    assert re.search(r'<option value="EN 9100" selected>', page.text), "the second row moved up"


async def test_guided_submission_publishes_submitted_then_documents_in_order(intake: Intake) -> None:
    csrf = await open_form(intake)
    body = unique_enquiry()
    await fill_steps(intake, body, csrf)
    ok = await intake.client.post("/anfrage/dokumente", data={"lang": "de", "csrf_token": csrf},
                                  files={"file": ("praesentation.pdf", clean_pdf(), "application/pdf")})
    assert ok.status_code == 200 and "geprüft und gespeichert" in ok.text
    marked = await intake.client.post("/anfrage/dokumente", data={"lang": "de", "csrf_token": csrf},
                                      files={"file": ("scan.pdf", scanned_stamp_pdf("VS-NfD"), "application/pdf")})
    assert marked.status_code == 422 and "Diese Datei dürfen wir nicht annehmen" in marked.text
    assert "VS-NfD" in marked.text and "Geheimschutzbeauftragten" in marked.text and "page" not in marked.text
    document_id = re.search(r'name="share" value="([0-9a-f-]{36})"', ok.text).group(1)
    await intake.client.post("/anfrage/dokumente", data={"lang": "de", "csrf_token": csrf, "share": document_id,
                                                         "action": "next"}, files={})
    assert await outbox_subjects(intake) == [], "a draft publishes nothing about an enquiry"

    check = await intake.client.get("/anfrage/pruefen?lang=de")
    assert check.status_code == 200 and "Angaben prüfen" in check.text and "praesentation.pdf" in check.text
    assert body["company"]["name"] in check.text and "Ändern" in check.text
    first = await intake.client.post("/anfrage/absenden", data={"lang": "de", "csrf_token": csrf})
    second = await intake.client.post("/anfrage/absenden", data={"lang": "de", "csrf_token": csrf})
    assert first.status_code == second.status_code == 200, first.text
    reference = re.search(r'id="reference">(DN-\d{4}-\w{6})<', first.text).group(1)
    assert reference in second.text, "a double click is one enquiry"
    assert await outbox_subjects(intake) == [subjects.ENQUIRY_SUBMITTED, subjects.DOCUMENT_ADDED,
                                             subjects.DOCUMENT_REFUSED]
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM enquiries") == 1
        assert await conn.fetchval("SELECT shared_with_partners FROM documents") is True
        assert await conn.fetchval("SELECT mark FROM refused_documents") == "VS-NfD"
        assert await conn.fetchval("SELECT count(*) FROM draft_documents") == 0
        draft = await conn.fetchrow("SELECT reference, answers, submitted_enquiry_id FROM drafts")
    assert draft["reference"] == reference and draft["answers"] == {} and draft["submitted_enquiry_id"]


async def test_save_rotates_the_link_resume_restores_and_erasure_and_expiry_remove_drafts(intake: Intake) -> None:
    csrf = await open_form(intake, "en")
    body = unique_enquiry()
    values = form_values(body)
    await intake.client.post("/anfrage/unternehmen", data={k: v for k, v in values.items()
                                                           if STEPS[0].owns(k)} | {"lang": ["en"], "csrf_token": [csrf],
                                                                                  "action": ["save"]})
    asked = await intake.client.get("/anfrage/speichern?lang=en")
    assert asked.status_code == 200 and "Send link" in asked.text
    bad = await intake.client.post("/anfrage/speichern", data={"lang": "en", "csrf_token": csrf, "email": "nope"})
    assert bad.status_code == 422 and "valid email address" in bad.text
    saved = await intake.client.post("/anfrage/speichern", data={"lang": "en", "csrf_token": csrf,
                                                                  "email": "j.kraemer@bergische.example"})
    assert saved.status_code == 200 and "j.kraemer@bergische.example" in saved.text
    assert await outbox_subjects(intake) == [subjects.DRAFT_SAVED]
    async with intake.pool.acquire() as conn:
        event = await conn.fetchval("SELECT envelope FROM outbox")
    first_link = event["payload"]["resume_url"]
    assert event["payload"]["language"] == "en" and first_link.startswith("http://intake.test/anfrage/fortsetzen/")
    token = first_link.rsplit("/", 1)[1].split("?")[0]
    async with intake.pool.acquire() as conn:
        stored = await conn.fetchrow("SELECT token_hash, expires_at - updated_at AS ttl FROM drafts")
    assert token not in stored["token_hash"] and stored["ttl"] == timedelta(days=30)

    # A fresh browser opens the link: every answer is back.
    intake.client.cookies.clear()
    resumed = await intake.client.get(first_link.removeprefix("http://intake.test"))
    assert resumed.status_code == 303 and resumed.headers["location"].startswith("/anfrage/pruefen")
    page = await intake.client.get("/anfrage/unternehmen?lang=en")
    assert f'value="{body["company"]["name"]}"' in page.text

    # Saving again rotates: the first link stops working.
    csrf = csrf_in(page.text)
    await intake.client.post("/anfrage/speichern", data={"lang": "en", "csrf_token": csrf,
                                                         "email": "j.kraemer@bergische.example"})
    intake.client.cookies.clear()
    gone = await intake.client.get(first_link.removeprefix("http://intake.test"))
    assert gone.status_code == 404 and "no longer valid" in gone.text

    # GDPR: erasing the company's enquiries takes the drafts saved under its address too.
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM drafts") == 1
    from services.intake.adapters.draft_store import PgDraftStore
    from services.intake.adapters.erasure_store import PgErasureStore
    from services.intake.adapters.unit_of_work import PgUnitOfWork
    accepted = await intake.client.post("/api/v1/enquiries", json=body | {
        "contact": body["contact"] | {"email": "j.kraemer@bergische.example"}})
    assert accepted.status_code in (201, 202), accepted.text
    await request_erasure(PgUnitOfWork(intake.pool, PgErasureStore), accepted.json()["reference"],
                          clock=intake.deps.clock)
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM drafts") == 0

    # Expiry: a draft past its 30 days is purged.
    csrf = await open_form(intake)
    await intake.client.post("/anfrage/unternehmen", data={"lang": "de", "csrf_token": csrf, "action": "back"})
    from shared.clock import FrozenClock
    later = FrozenClock(intake.deps.clock.now() + timedelta(days=30, seconds=1))
    assert await purge_expired_drafts(PgUnitOfWork(intake.pool, PgDraftStore), clock=later) == 1
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM drafts") == 0


async def test_a_filled_honeypot_on_the_final_submit_stores_and_publishes_nothing(intake: Intake) -> None:
    csrf = await open_form(intake)
    await fill_steps(intake, unique_enquiry(), csrf)
    r = await intake.client.post("/anfrage/absenden", data={"lang": "de", "csrf_token": csrf,
                                                            "website_confirm": "https://spam.example"})
    assert r.status_code == 200 and re.search(r'id="reference">DN-\d{4}-\w{6}<', r.text)
    assert await outbox_subjects(intake) == []
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM enquiries") == 0
