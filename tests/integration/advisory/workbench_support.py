"""Building blocks for the advisory workbench tests: the app on real PostgreSQL + NATS, seeded through events."""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import nats

from services.advisory.adapters import accounts
from services.advisory.adapters.accounts import Skills
from services.advisory.app import create_app
from services.advisory.settings import AdvisorySettings
from services.assessment.domain.assess import assess
from services.assessment.domain.gates import ListSanctionsScreen
from shared.contracts import subjects
from shared.contracts.assessment import AssessmentCompletedV1, SubmissionAssessed
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1
from shared.taxonomy import load_funding_calls, load_partner_directory, load_taxonomy
from tests.support.test_data import example_enquiry
from tests.support.waiting import eventually

BASE_URL = "http://advisory.test"
PASSWORD = "workbench-password-" + uuid.uuid4().hex[:6]
TAXONOMY = load_taxonomy()
PARTNERS = load_partner_directory(taxonomy=TAXONOMY)
CALLS = load_funding_calls(taxonomy=TAXONOMY)


def enquiry(*, itar: bool = False, language: str = "de", kreis: str | None = None, name: str | None = None,
            evidence: str | None = None) -> EnquirySubmittedV1:
    body = example_enquiry()
    tag = uuid.uuid4().hex[:8]
    body["company"]["name"] = name or f"{body['company']['name']} {tag}"
    if evidence:
        body["competences"][0]["evidence"] = evidence
    if kreis:
        body["company"]["kreis"] = kreis
    if itar:
        body["compliance"]["us_controlled_content"] = "yes_itar"
    body["contact"]["language"] = language
    contact, consents = body.pop("contact"), body.pop("consents")
    return EnquirySubmittedV1.model_validate({
        "enquiry_id": str(uuid.uuid4()), "reference": f"DN-2026-{tag[:6].upper()}", "company_id": str(uuid.uuid4()),
        "status_url": f"http://intake.test/status/{tag}?token=x", "profile": body, "contact": contact,
        "consents": consents})


def submission_of(e: EnquirySubmittedV1) -> SubmissionAssessed:
    """What the first assessment of `e` passes on to advisory (ADR 14), as if intake accepted it now."""
    return SubmissionAssessed(event_id=uuid.uuid4(), submitted_at=datetime.now(UTC), enquiry=e)


def assessment_of(e: EnquirySubmittedV1 | EnquiryAmendedV1, *, revision: int = 1) -> AssessmentCompletedV1:
    """The assessment as the assessment service announces it: the first one of a submission carries it."""
    r = assess(e.profile, e.consents, taxonomy=TAXONOMY, partners=PARTNERS, calls=CALLS,
               sanctions=ListSanctionsScreen([]), today=datetime.now(UTC).date())
    return AssessmentCompletedV1(
        enquiry_id=e.enquiry_id, assessment_id=uuid.uuid4(), revision=revision, taxonomy_version=r.taxonomy_version,
        readiness_percent=r.readiness_percent, band=r.band, capability_fit=r.capability_fit, readiness=r.readiness,
        gates=r.gates, recommended_partners=r.recommended_partners, development_plan=r.development_plan,
        partner_directory_version=r.partner_directory_version, funding_calls_version=r.funding_calls_version,
        route=r.route, not_recommended=r.not_recommended, funding_calls=r.funding_calls,
        submission=submission_of(e) if isinstance(e, EnquirySubmittedV1) and revision == 1 else None)


@dataclass
class Workbench:
    app: Any
    pool: asyncpg.Pool
    nats_url: str
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    async def publish(self, subject: str, payload: Any, *, correlation_id: str) -> Envelope[Any]:
        envelope = new_envelope(payload, subject=subject, producer="test", correlation_id=correlation_id)
        nc = await nats.connect(self.nats_url)
        try:
            await nc.jetstream().publish(subject, envelope.model_dump_json().encode(),
                                         headers={"Nats-Msg-Id": str(envelope.event_id)})
        finally:
            await nc.close()
        return envelope

    async def seed_case(self, **kw: Any) -> dict[str, Any]:
        return (await self.seed_cases(1, **kw))[0]

    async def seed_cases(self, n: int, **kw: Any) -> list[dict[str, Any]]:
        """Publish the enquiries' assessments on NATS; wait until the app put the cases in the queue."""
        enquiries = [enquiry(**kw) for _ in range(n)]
        for e in enquiries:
            await self.publish(subjects.ASSESSMENT_COMPLETED, assessment_of(e), correlation_id=e.reference)
        ids = [e.enquiry_id for e in enquiries]

        async def opened() -> list[asyncpg.Record] | None:
            rows = await self.pool.fetch("SELECT * FROM cases WHERE enquiry_id = ANY($1::uuid[]) AND status <> "
                                         "'awaiting_assessment'", ids)
            return rows if len(rows) == n else None
        rows = {r["enquiry_id"]: dict(r) for r in await eventually(opened, timeout=30, what="cases opened")}
        return [{**rows[e.enquiry_id], "enquiry": e} for e in enquiries]

    async def quick_client(self, email: str, *, role: str = "advisor") -> httpx.AsyncClient:
        """A logged-in client without the argon2 cost (for load tests): the session is started directly."""
        async with self.pool.acquire() as conn:
            advisor_id = await conn.fetchval(
                "INSERT INTO advisors (id, email, name, role, password_hash) VALUES ($1,$2,$2,$3,'unusable')"
                " RETURNING id", uuid.uuid4(), email, role)
            token, csrf = await accounts.start_session(conn, advisor_id)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=BASE_URL, timeout=60,
                                   cookies={"advisory_session": token}, headers={"X-CSRF-Token": csrf})
        self.clients.append(client)
        return client

    async def user(self, email: str, *, role: str = "advisor", name: str | None = None,
                   skills: Skills | None = None, team: str = "default") -> uuid.UUID:
        async with self.pool.acquire() as conn:
            return await accounts.upsert_advisor(conn, email=email, name=name or email.split("@")[0], role=role,
                                                 password=PASSWORD, skills=skills, team=team)

    async def login(self, email: str, *, role: str = "advisor", **kw: Any) -> httpx.AsyncClient:
        """A new account with `role`, logged in over HTTP; the client sends the CSRF header."""
        await self.user(email, role=role, **kw)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=BASE_URL, timeout=30)
        self.clients.append(client)
        r = await client.post("/api/v1/session", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return client

    async def outbox(self, subject: str) -> list[dict[str, Any]]:
        rows = await self.pool.fetch("SELECT envelope FROM outbox WHERE subject = $1 ORDER BY id", subject)
        return [r["envelope"] for r in rows]

    async def timeline_kinds(self, case_id: uuid.UUID) -> list[str]:
        rows = await self.pool.fetch("SELECT kind FROM case_timeline WHERE case_id = $1 ORDER BY at, id", case_id)
        return [r["kind"] for r in rows]


@contextlib.asynccontextmanager
async def running_workbench(dsn: str, nats_url: str, **settings: Any) -> AsyncIterator[Workbench]:
    config = AdvisorySettings(database_url=dsn, nats_url=nats_url, ui_url=BASE_URL, outbox_poll_interval_s=0.2,
                              sla_poll_interval_s=settings.pop("sla_poll_interval_s", 3600),
                              auto_assign_interval_s=settings.pop("auto_assign_interval_s", 3600),
                              reassess_poll_interval_s=settings.pop("reassess_poll_interval_s", 3600),
                              db_pool_max=20, retry_delays_s=[0.2, 0.5, 1.0], **settings)
    app = create_app(config)
    async with app.router.lifespan_context(app):
        bench = Workbench(app=app, pool=app.state.runtime.require_pool(), nats_url=nats_url)
        try:
            yield bench
        finally:
            for c in bench.clients:
                await c.aclose()
