"""A company's documents on its case (issue 16), intake and advisory on one real nats-server and PostgreSQL:
intake's document events reach advisory's case; an advisor's download is written to the audit log and sent to
intake with a link signed for a few minutes; intake streams the file only for a valid, unexpired signature.
Refused classified uploads are a record on the case and never downloadable."""
from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import asyncpg
import httpx
import pytest_asyncio

from services.advisory.adapters.case_store import PgCaseStore
from services.intake.app import create_app as intake_app
from shared.contracts import subjects
from shared.contracts.intake import EnquirySubmittedV1
from shared.db import ensure_database
from shared.document_links import signed_path
from tests.integration.intake.conftest import Intake, intake_settings
from tests.integration.intake.screening_corpus import CLEAN_DE, pdf
from tests.support.infra import Servers
from tests.support.test_data import unique_enquiry
from tests.support.waiting import eventually

from .workbench_support import Workbench, assessment_of, running_workbench

SECRET = "document-links-" + "x" * 32


@pytest_asyncio.fixture
async def linked(servers: Servers, fresh_db: str, advisory_nats: str) -> AsyncIterator[tuple[Intake, Workbench]]:
    """intake and advisory on the same nats-server (so advisory consumes intake's events), each its own database,
    holding the same link secret."""
    intake_dsn = servers.dsn(f"intake_docs_{uuid.uuid4().hex[:8]}")
    await ensure_database(intake_dsn)
    settings = intake_settings(advisory_nats, intake_dsn, DOCUMENT_LINK_SECRET=SECRET)
    app = intake_app(settings)
    async with app.router.lifespan_context(app), running_workbench(
            fresh_db, advisory_nats, DOCUMENT_LINK_SECRET=SECRET, ADVISORY_INTAKE_URL="http://intake.test") as wb:
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://intake.test") as client:
            yield Intake(app=app, client=client, pool=app.state.runtime.require_pool(), settings=settings,
                         deps=app.state.deps), wb


async def _upload(intake: Intake, enquiry_id: str, token: str, name: str, content: bytes) -> httpx.Response:
    return await intake.client.post(f"/api/v1/enquiries/{enquiry_id}/documents", params={"token": token},
                                    files={"file": (name, content, "application/pdf")})


async def _assess_as_the_assessment_service_would(intake: Intake, bench: Workbench, enquiry_id: str) -> None:
    """The case comes from the first assessment, which carries intake's submission (ADR 14)."""
    envelope = await intake.pool.fetchval(
        "SELECT envelope FROM outbox WHERE subject = $1 AND envelope->'payload'->>'enquiry_id' = $2",
        subjects.ENQUIRY_SUBMITTED, enquiry_id)
    e = EnquirySubmittedV1.model_validate(envelope["payload"])
    await bench.publish(subjects.ASSESSMENT_COMPLETED, assessment_of(e), correlation_id=e.reference)


async def test_documents_reach_the_case_and_download_only_through_a_valid_signed_link(linked) -> None:
    intake, bench = linked
    r = await intake.client.post("/api/v1/enquiries", json=unique_enquiry())
    assert r.status_code == 202, r.text
    enquiry_id = r.json()["enquiry_id"]
    token = parse_qs(urlparse(r.json()["status_url"]).query)["token"][0]
    await _assess_as_the_assessment_service_would(intake, bench, enquiry_id)
    clean = pdf(body=CLEAN_DE, title="Firmenprofil")
    added = await _upload(intake, enquiry_id, token, "Prüfbericht (Ü) 2026.pdf", clean)
    assert added.status_code == 201, added.text
    document_id = added.json()["document_id"]
    refused = await _upload(intake, enquiry_id, token, "Angebot.pdf",
                            pdf(body=CLEAN_DE, header="VS - NUR FÜR DEN DIENSTGEBRAUCH"))
    assert refused.status_code == 422

    async def both_on_the_case() -> list[asyncpg.Record] | None:
        rows = await bench.pool.fetch("SELECT d.*, c.id AS case_id FROM case_documents d JOIN cases c"
                                      " ON c.enquiry_id = d.enquiry_id WHERE d.enquiry_id = $1 ORDER BY d.refused",
                                      uuid.UUID(enquiry_id))
        return rows if len(rows) == 2 else None
    clean_row, refused_row = await eventually(both_on_the_case, timeout=30, what="documents on the case")
    assert (clean_row["name"], clean_row["refused"], clean_row["size_bytes"]) == ("Prüfbericht (Ü) 2026.pdf", False,
                                                                                len(clean))
    assert (refused_row["name"], refused_row["refused"], refused_row["mark"]) == ("Angebot.pdf", True, "VS-NfD")
    case_id = clean_row["case_id"]

    advisor = await bench.login("doc-advisor@example.org")
    go = await advisor.post(f"/cases/{case_id}/documents/{document_id}/download")
    assert go.status_code == 303 and go.headers["cache-control"] == "no-store"
    link = urlparse(go.headers["location"])
    assert (link.scheme, link.netloc, link.path) == ("http", "intake.test", f"/documents/{document_id}")
    audited = await bench.pool.fetchrow("SELECT actor, detail FROM audit_log WHERE kind = 'document_downloaded'"
                                        " AND case_id = $1", case_id)
    assert audited["actor"] == "doc-advisor@example.org" and document_id in str(audited["detail"])

    got = await intake.client.get(f"{link.path}?{link.query}")
    assert got.status_code == 200 and got.content == clean
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"] == ('attachment; filename="Prufbericht _U_ 2026.pdf";'
                                                  " filename*=UTF-8''Pr%C3%BCfbericht%20%28%C3%9C%29%202026.pdf")
    assert got.headers["x-content-type-options"] == "nosniff" and got.headers["cache-control"] == "no-store"

    query = parse_qs(link.query)
    sig, expires = query["signature"][0], query["expires"][0]
    tampered = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    other_document = str(uuid.uuid4())
    expired = signed_path(SECRET, uuid.UUID(document_id), now=intake.deps.clock.now() - timedelta(minutes=10))
    foreign = signed_path("another-secret-" + "y" * 32, uuid.UUID(document_id), now=intake.deps.clock.now())
    for refused_link in (f"{link.path}?expires={expires}&signature={tampered}",
                         f"{link.path}?expires={int(expires) + 60}&signature={sig}",
                         f"/documents/{other_document}?expires={expires}&signature={sig}",
                         f"{link.path}?expires={expires}", expired, foreign):
        answer = await intake.client.get(refused_link)
        assert answer.status_code == 404 and clean not in answer.content, refused_link

    # A refused upload was never stored: nothing to download, nothing written to the audit log for it.
    assert (await advisor.post(f"/cases/{case_id}/documents/{refused_row['document_id']}/download")).status_code == 404
    assert await bench.pool.fetchval("SELECT count(*) FROM audit_log WHERE kind = 'document_downloaded'") == 1
    # Another case's document id is not reachable through this case.
    assert (await advisor.post(f"/cases/{uuid.uuid4()}/documents/{document_id}/download")).status_code == 404

    # GDPR erasure in advisory removes the document facts with the company's other data.
    async with bench.pool.acquire() as conn, conn.transaction():
        await PgCaseStore(conn).erase_personal_data([uuid.UUID(enquiry_id)])
    assert await bench.pool.fetchval("SELECT count(*) FROM case_documents WHERE enquiry_id = $1",
                                     uuid.UUID(enquiry_id)) == 0


async def test_the_case_page_lists_documents_and_refused_uploads(linked) -> None:
    intake, bench = linked
    [case] = await bench.seed_cases(1)
    enquiry_id = case["enquiry_id"]
    async with bench.pool.acquire() as conn:
        for refused, name in ((False, "Zertifikat.pdf"), (True, "Plan.pdf")):
            await conn.execute(
                "INSERT INTO case_documents (document_id, enquiry_id, name, media_type, size_bytes, sha256, refused,"
                " mark, found_in, added_at) VALUES ($1,$2,$3,'application/pdf',2048,$4,$5,$6,$7,now())",
                uuid.uuid4(), enquiry_id, name, "a" * 64, refused, "VS-NfD" if refused else None,
                "header" if refused else None)
    advisor = await bench.login("doc-reader@example.org")
    html = (await advisor.get(f"/cases/{case['id']}?lang=de")).text
    assert "<bdi>Zertifikat.pdf</bdi>" in html and "<bdi>Plan.pdf</bdi>" in html
    assert html.count("/download\"") == 1  # only the clean document has a download form
    assert "Vermerk „VS-NfD“ gefunden (in der Kopfzeile)" in html
