"""PgAssessmentStore on real PostgreSQL: the same use cases as the fast tests, and the read API over it."""
from __future__ import annotations

import uuid

import asyncpg
import httpx
import pytest
from prometheus_client import CollectorRegistry

from services.assessment.adapters.assessments import PgAssessmentStore, assessment_history
from services.assessment.app import create_app, load_reference_data
from services.assessment.dependencies import AssessmentDependencies
from services.assessment.metrics import assessment_metrics
from services.assessment.settings import AssessmentSettings
from services.assessment.use_cases.assess import when_enquiry_amended_reassess, when_enquiry_submitted_assess
from services.assessment.use_cases.erase import when_erasure_requested_erase
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.gdpr import ErasureRequestedV1
from tests.support.test_data import enquiry_amended, enquiry_submitted


@pytest.fixture(scope="module")
def deps() -> AssessmentDependencies:
    return AssessmentDependencies(settings=AssessmentSettings(), clock=FrozenClock(),
                                  metrics=assessment_metrics(CollectorRegistry()),
                                  reference_data=load_reference_data())


async def test_revisions_are_stored_read_back_and_erased(pool: asyncpg.Pool, deps: AssessmentDependencies) -> None:
    named = {"reference_data": deps.reference_data, "clock": deps.clock, "metrics": deps.metrics}
    e = enquiry_submitted()
    submitted = new_envelope(e, subject=subjects.ENQUIRY_SUBMITTED, producer="test", correlation_id=e.reference)
    amended = new_envelope(enquiry_amended(e), subject=subjects.ENQUIRY_AMENDED, producer="test",
                           correlation_id=e.reference)
    async with pool.acquire() as conn, conn.transaction():
        await when_enquiry_submitted_assess(submitted, PgAssessmentStore(conn), **named)
    async with pool.acquire() as conn, conn.transaction():
        await when_enquiry_amended_reassess(amended, PgAssessmentStore(conn), **named)

    history = await assessment_history(pool, e.enquiry_id)
    assert history is not None
    assert history.latest["revision"] == 2 and history.latest["enquiry_id"] == str(e.enquiry_id)
    assert [r["revision"] for r in history.revisions] == [1, 2]
    assert await assessment_history(pool, uuid.uuid4()) is None
    staged = await pool.fetch("SELECT subject, correlation_id FROM outbox ORDER BY id")
    assert [(r["subject"], r["correlation_id"]) for r in staged] == [(subjects.ASSESSMENT_COMPLETED, e.reference)] * 2

    request = ErasureRequestedV1(request_id=uuid.uuid4(), enquiry_ids=[e.enquiry_id], references=[e.reference])
    erase = new_envelope(request, subject=subjects.ERASURE_REQUESTED, producer="test",
                         correlation_id=f"erasure-{request.request_id}")
    async with pool.acquire() as conn, conn.transaction():
        await when_erasure_requested_erase(erase, PgAssessmentStore(conn))

    assert await pool.fetchval("SELECT count(*) FROM assessments WHERE inputs <> '{}'::jsonb") == 0
    [answer] = await pool.fetch("SELECT subject, envelope FROM outbox")
    assert answer["subject"] == subjects.ASSESSMENT_ERASURE_COMPLETED
    assert answer["envelope"]["payload"]["items_erased"] == 4  # two revisions, two outbox rows


async def test_the_read_api_serves_the_latest_revision_and_the_taxonomy(fresh_db: str, private_nats: str) -> None:
    app = create_app(AssessmentSettings(database_url=fresh_db, nats_url=private_nats,
                                        service_token="service-token-for-the-read-api"))  # type: ignore[arg-type]  # pydantic turns it into SecretStr
    deps: AssessmentDependencies = app.state.deps
    e = enquiry_submitted()
    async with app.router.lifespan_context(app):
        pool = app.state.runtime.require_pool()
        async with pool.acquire() as conn, conn.transaction():
            await when_enquiry_submitted_assess(
                new_envelope(e, subject=subjects.ENQUIRY_SUBMITTED, producer="test", correlation_id=e.reference),
                PgAssessmentStore(conn), reference_data=deps.reference_data, clock=deps.clock, metrics=deps.metrics)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://assessment.test") as anonymous:
            refused = await anonymous.get(f"/api/v1/assessments/{e.enquiry_id}")
        async with httpx.AsyncClient(transport=transport, base_url="http://assessment.test",
                                     headers={"Authorization": "Bearer service-token-for-the-read-api"}) as client:
            found = await client.get(f"/api/v1/assessments/{e.enquiry_id}")
            missing = await client.get(f"/api/v1/assessments/{uuid.uuid4()}")
            taxonomy = await client.get("/api/v1/taxonomy")
    assert refused.status_code == 401 and "enquiry_id" not in refused.text  # issue 19: no longer open to anyone
    assert found.status_code == 200 and found.headers["cache-control"] == "no-store"
    body = found.json()
    assert body["assessment"]["enquiry_id"] == str(e.enquiry_id) and body["assessment"]["revision"] == 1
    assert [r["revision"] for r in body["revisions"]] == [1] and body["revisions"][0]["band"] in "ABC"
    assert missing.status_code == 404
    assert taxonomy.status_code == 200 and taxonomy.json()["version"] == deps.reference_data.taxonomy.version
