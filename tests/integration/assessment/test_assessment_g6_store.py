"""Gate G6 on real PostgreSQL: a refused classified upload re-assesses the enquiry with G6 open; erasure keeps
only the mark and the hash."""
from __future__ import annotations

import asyncio
import hashlib
import uuid

import asyncpg
from prometheus_client import CollectorRegistry

from services.assessment.adapters.assessments import PgAssessmentStore
from services.assessment.app import load_reference_data
from services.assessment.metrics import assessment_metrics
from services.assessment.use_cases.assess import when_document_refused_reassess, when_enquiry_submitted_assess
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import DocumentFacts, DocumentRefusedV1
from tests.support.test_data import enquiry_submitted
from tests.support.waiting import eventually


async def test_a_refused_upload_opens_g6_in_a_new_revision(pool: asyncpg.Pool) -> None:
    named = {"reference_data": load_reference_data(), "clock": FrozenClock(),
             "metrics": assessment_metrics(CollectorRegistry())}
    e = enquiry_submitted()
    facts = DocumentFacts(document_id=uuid.uuid4(), name="Angebot.pdf", media_type="application/pdf",
                          size_bytes=99, sha256=hashlib.sha256(b"scan").hexdigest())
    refused = new_envelope(DocumentRefusedV1(enquiry_id=e.enquiry_id, reference=e.reference, document=facts,
                                             mark="VS-NfD", found_in="page 1 (OCR)"),
                           subject=subjects.DOCUMENT_REFUSED, producer="test", correlation_id=e.reference)
    async with pool.acquire() as conn, conn.transaction():
        await when_enquiry_submitted_assess(new_envelope(e, subject=subjects.ENQUIRY_SUBMITTED, producer="test",
                                                         correlation_id=e.reference), PgAssessmentStore(conn), **named)
    for _ in range(2):   # the second is a redelivery
        async with pool.acquire() as conn, conn.transaction():
            await when_document_refused_reassess(refused, PgAssessmentStore(conn), **named)
    async with pool.acquire() as conn:
        rows = await conn.fetch("SELECT revision, result FROM assessments WHERE enquiry_id = $1 ORDER BY revision",
                                e.enquiry_id)
        gates = {g["gate"]: g for g in rows[-1]["result"]["gates"]}
        assert [r["revision"] for r in rows] == [1, 2]
        assert gates["G6"]["status"] == "open" and "VS-NfD" in gates["G6"]["reason"]
        assert await PgAssessmentStore(conn).erase_inputs([e.enquiry_id]) == 2
        kept = await conn.fetchrow("SELECT name, mark, sha256 FROM classified_uploads")
    assert (kept["name"], kept["mark"], kept["sha256"]) == ("[erased]", "VS-NfD", facts.sha256)


async def test_a_refusal_and_the_submission_consumed_at_once_still_open_g6(pool: asyncpg.Pool) -> None:
    """The refusal's transaction has recorded the upload and found no assessment yet; the submission's assessment,
    consumed meanwhile by another consumer, waits for it and then sees the upload (without the hold both missed the
    other's uncommitted write and G6 stayed clear: seen in the browser journey)."""
    named = {"reference_data": load_reference_data(), "clock": FrozenClock(),
             "metrics": assessment_metrics(CollectorRegistry())}
    e = enquiry_submitted()
    facts = DocumentFacts(document_id=uuid.uuid4(), name="Lage.pdf", media_type="application/pdf", size_bytes=99,
                          sha256=hashlib.sha256(b"stamp").hexdigest())
    refused = new_envelope(DocumentRefusedV1(enquiry_id=e.enquiry_id, reference=e.reference, document=facts,
                                             mark="VS-NfD", found_in="page 1 (OCR)"),
                           subject=subjects.DOCUMENT_REFUSED, producer="test", correlation_id=e.reference)
    submitted = new_envelope(e, subject=subjects.ENQUIRY_SUBMITTED, producer="test", correlation_id=e.reference)

    async def assess_submission() -> None:
        async with pool.acquire() as conn, conn.transaction():
            await when_enquiry_submitted_assess(submitted, PgAssessmentStore(conn), **named)

    async with pool.acquire() as refusal_conn:
        transaction = refusal_conn.transaction()
        await transaction.start()
        await when_document_refused_reassess(refused, PgAssessmentStore(refusal_conn), **named)
        assessing = asyncio.create_task(assess_submission())

        async def waiting_or_done() -> bool:
            return assessing.done() or bool(await refusal_conn.fetchval(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))
        await eventually(waiting_or_done, timeout=10, what="the submission's assessment waiting or done")
        await transaction.commit()
        await asyncio.wait_for(assessing, timeout=10)
    async with pool.acquire() as conn:
        result = await conn.fetchval("SELECT result FROM assessments WHERE enquiry_id = $1 ORDER BY revision DESC"
                                     " LIMIT 1", e.enquiry_id)
    assert {g["gate"]: g["status"] for g in result["gates"]}["G6"] == "open"
