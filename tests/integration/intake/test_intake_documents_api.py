"""Documents through the JSON API on real PostgreSQL (issue 15): stored when clean, refused and not stored when
marked (only name, hash and mark recorded, G6 event staged), size and type limits, erasure."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from services.intake.adapters.erasure_store import PgErasureStore
from services.intake.adapters.unit_of_work import PgUnitOfWork
from services.intake.use_cases.erase import request_erasure
from tests.integration.intake.screening_corpus import CLEAN_DE, encoded, pdf, stamp_image
from tests.support.test_data import unique_enquiry

from .conftest import Intake


async def _enquiry(intake: Intake) -> tuple[str, str, str]:
    r = await intake.client.post("/api/v1/enquiries", json=unique_enquiry())
    assert r.status_code == 202
    body = r.json()
    token = parse_qs(urlparse(body["status_url"]).query)["token"][0]
    return body["enquiry_id"], token, body["reference"]


async def _upload(intake: Intake, enquiry_id: str, token: str, name: str, content: bytes,
                  mime: str = "application/octet-stream") -> tuple[int, dict]:
    r = await intake.client.post(f"/api/v1/enquiries/{enquiry_id}/documents", params={"token": token},
                                 files={"file": (name, content, mime)})
    return r.status_code, r.json()


async def test_clean_documents_are_stored_and_listed_marked_ones_refused(intake: Intake) -> None:
    enquiry_id, token, reference = await _enquiry(intake)
    clean = pdf(body=CLEAN_DE, title="Firmenpräsentation")
    status, body = await _upload(intake, enquiry_id, token, "Profil.png", clean, "image/png")  # the name lies
    assert status == 201 and body["media_type"] == "application/pdf" and body["name"] == "Profil.png"
    assert (await _upload(intake, enquiry_id, token, "again.pdf", clean))[0] == 200
    scan = encoded(stamp_image("VS - NfD"), "PDF")
    r = await intake.client.post(f"/api/v1/enquiries/{enquiry_id}/documents", params={"token": token},
                                 files={"file": ("Angebot.pdf", scan, "application/pdf")})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"] == "urn:defence-nrw:problem:classified-material"
    assert "VS-NfD" in problem["detail"] and "Angebot.pdf" in problem["detail"]
    assert r.headers["content-language"] in {"de", "en"}
    listed = await intake.client.get(f"/api/v1/enquiries/{enquiry_id}/documents", params={"token": token})
    assert [d["name"] for d in listed.json()] == ["Profil.png"]
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM documents") == 1
        refused = await conn.fetchrow("SELECT name, mark, found_in, sha256 FROM refused_documents")
        events = await conn.fetch("SELECT subject, envelope::text AS payload FROM outbox"
                                  " WHERE subject LIKE 'intake.document.%' ORDER BY subject")
    assert (refused["name"], refused["mark"]) == ("Angebot.pdf", "VS-NfD") and "OCR" in refused["found_in"]
    assert [e["subject"] for e in events] == ["intake.document.added.v1", "intake.document.refused.v1"]
    assert all(len(e["payload"]) < 2000 for e in events)   # facts only, never the file
    await request_erasure(PgUnitOfWork(intake.pool, PgErasureStore), reference, clock=intake.deps.clock)
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM documents") == 0
        assert await conn.fetchval("SELECT name FROM refused_documents") == "[erased]"


async def test_bad_uploads_are_refused_with_a_problem_and_store_nothing(intake: Intake) -> None:
    enquiry_id, token, _ = await _enquiry(intake)
    assert (await _upload(intake, enquiry_id, "0" * 32, "a.pdf", pdf(body=CLEAN_DE)))[0] == 404
    status, problem = await _upload(intake, enquiry_id, token, "a.pdf", b"GIF89a" + b"\0" * 100)
    assert status == 415 and "PDF, DOCX, PNG" in problem["detail"]
    status, _ = await _upload(intake, enquiry_id, token, "big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    assert status == 413
    status, problem = await _upload(intake, enquiry_id, token, "broken.pdf", b"%PDF-1.4\nnot really")
    assert status == 422 and problem["type"] == "about:blank"
    r = await intake.client.post(f"/api/v1/enquiries/{enquiry_id}/documents", params={"token": token})
    assert r.status_code == 422
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM documents") == 0
        assert await conn.fetchval("SELECT count(*) FROM refused_documents") == 0
