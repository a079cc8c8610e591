"""Gate G6 on real PostgreSQL: a refused classified upload re-assesses the enquiry with G6 open; erasure keeps
only the mark and the hash."""
from __future__ import annotations

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
