"""Two copies of every service on the same databases and NATS (as compose runs them): a burst of enquiries through
both intakes, claims and bulk actions through both advisories, both SLA pollers and both dead-letter pollers
running. Every case once, every email once, every escalation once, one winner per claim race, and one rate-limit
budget per client across both intakes."""
from __future__ import annotations

import asyncio
import email
import email.policy
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import asyncpg
import httpx
import nats
import pytest
import pytest_asyncio

from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig
from shared.contracts import subjects
from shared.db import ensure_database
from shared.messaging.streams import EVENTS_STREAM
from tests.chaos.rig import wait_settled
from tests.support.infra import Servers
from tests.support.stack import another_copy
from tests.support.waiting import eventually

from .test_enquiry_to_case import unique_example

BURST = 24
TOKEN = "replica-operator-" + uuid.uuid4().hex
PASSWORD = "replica-password-" + uuid.uuid4().hex[:8]
LEAD, ADVISOR = "replica-lead@defence-nrw.example", "replica-advisor@defence-nrw.example"


@dataclass
class Pair:
    a: Stack
    b: Stack
    references: dict[str, str] = field(default_factory=dict)  # reference -> contact email, of the burst

    @property
    def copies(self) -> tuple[Stack, Stack]:
        return self.a, self.b

    async def db(self, service: str, query: str, *args: object) -> list[asyncpg.Record]:
        conn = await asyncpg.connect(self.a.database_url(service))
        try:
            return await conn.fetch(query, *args)
        finally:
            await conn.close()

    def mails(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in sorted(self.a.mail_dir.glob("*.eml"))] if self.a.mail_dir.exists() else []


@pytest.fixture(scope="module")
def pair(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("replicas")
    suffix = uuid.uuid4().hex[:6]
    dbs = {s: servers.dsn(f"rep_{s}_{suffix}") for s in SERVICES}
    for dsn in dbs.values():
        asyncio.run(ensure_database(dsn))
    a = Stack(StackConfig(root=root / "a", ports={s: free_port() for s in SERVICES}, database_urls=dbs, service_env={
        "OUTBOX_POLL_INTERVAL_S": "0.5", "OPERATOR_TOKEN": TOKEN, "SLA_POLL_INTERVAL_S": "0.3",
        "METRICS_POLL_INTERVAL_S": "0.5",
        # A small budget, and the proxy's X-Forwarded-For believed, so each test client is a client of its own.
        "INTAKE_RATE_LIMIT": "4/minute", "INTAKE_TRUSTED_PROXIES": "127.0.0.1"}))
    a.start_infrastructure()  # its own nats-server (fixed durable names) and SMTP sink; the session's PostgreSQL
    b = another_copy(a, root / "b")
    try:
        for copy in (a, b):
            for s in SERVICES:
                copy.start_service(s)
        for copy in (a, b):
            for s in SERVICES:
                copy.wait_ready(s)
        a.create_advisor(email=LEAD, name="Replica Lead", role="lead", password=PASSWORD)
        a.create_advisor(email=ADVISOR, name="Replica Advisor", role="advisor", password=PASSWORD)
        yield Pair(a, b)
    finally:
        for proc in b.services.values():
            proc.send()
        b.stop()
        a.stop()


@pytest_asyncio.fixture
async def sessions(pair: Pair) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """The lead logged in on copy A, the advisor on copy B (sessions live in the shared database)."""
    lead = httpx.AsyncClient(base_url=pair.a.url("advisory"), timeout=20)
    advisor = httpx.AsyncClient(base_url=pair.b.url("advisory"), timeout=20)
    for client, who in ((lead, LEAD), (advisor, ADVISOR)):
        r = await client.post("/api/v1/session", json={"email": who, "password": PASSWORD})
        assert r.status_code == 200, r.text
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    yield lead, advisor
    await lead.aclose()
    await advisor.aclose()


async def stream_subject_counts(pair: Pair) -> dict[str, int]:
    nc = await nats.connect(pair.a.nats_url)
    try:
        info = await nc.jetstream().stream_info(EVENTS_STREAM, subjects_filter=">")
    finally:
        await nc.close()
    return info.state.subjects or {}


async def test_a_burst_through_both_intakes_gives_one_case_and_one_email_each(pair: Pair) -> None:
    async def submit(i: int) -> tuple[str, str]:
        body = unique_example()
        copy = pair.copies[i % 2]
        async with httpx.AsyncClient(base_url=copy.url("intake"), timeout=20) as intake:
            r = await intake.post("/api/v1/enquiries", json=body,
                                  headers={"X-Forwarded-For": f"192.0.2.{i + 1}"})  # a test client's own budget
        assert r.status_code == 202, r.text
        return r.json()["reference"], body["contact"]["email"]

    pair.references.update(await asyncio.gather(*(submit(i) for i in range(BURST))))
    assert len(pair.references) == BURST

    async def all_opened() -> bool:
        rows = await pair.db("advisory", "SELECT count(*) AS n FROM cases WHERE reference = ANY($1)"
                                         " AND opened_at IS NOT NULL", list(pair.references))
        return rows[0]["n"] == BURST
    await eventually(all_opened, timeout=60, what=f"{BURST} opened cases")
    await wait_settled(pair.a, timeout=60)

    cases = await pair.db("advisory", "SELECT reference, count(*) AS n FROM cases WHERE reference = ANY($1)"
                                      " GROUP BY reference", list(pair.references))
    assert {r["reference"]: r["n"] for r in cases} == dict.fromkeys(pair.references, 1)
    acks = Counter(str(m["To"]) for m in pair.mails() if "acknowledgement@" in str(m["Message-ID"]))
    assert {to: acks[to] for to in pair.references.values()} == dict.fromkeys(pair.references.values(), 1)
    queued = await pair.db("notification", "SELECT template, count(*) AS n FROM outbound_emails GROUP BY template")
    assert {r["template"]: r["n"] for r in queued} == {"acknowledgement": BURST}
    counts = await stream_subject_counts(pair)
    for subject in (subjects.ENQUIRY_SUBMITTED, subjects.CASE_OPENED, subjects.MESSAGE_SENT):
        assert counts[subject] == BURST, (subject, counts)
    # Both copies really shared the consuming (the durable consumers are competing pull consumers).
    shares = [await processed_by(copy) for copy in pair.copies]
    print(f"\nreplicas: events processed by copy A / B: {shares[0]} / {shares[1]}")
    assert all(shares), shares


async def processed_by(copy: Stack) -> int:
    total = 0.0
    async with httpx.AsyncClient(timeout=10) as client:
        for s in SERVICES:
            for line in (await client.get(f"{copy.url(s)}/metrics")).text.splitlines():
                if line.startswith("messages_handled_total{") and 'outcome="processed"' in line:
                    total += float(line.rsplit(" ", 1)[1])
    return int(total)


async def test_claim_races_and_bulk_actions_through_both_advisories(pair: Pair, sessions) -> None:
    lead, advisor = sessions
    rows = await pair.db("advisory", "SELECT id FROM cases WHERE reference = ANY($1) AND status = 'open'"
                                     " AND assignee IS NULL ORDER BY reference", list(pair.references))
    ids = [str(r["id"]) for r in rows]
    assert len(ids) >= 16, "the burst's cases are open and unclaimed"
    raced, closing = ids[:8], ids[8:16]

    # Claim races: the lead through copy A and the advisor through copy B, for the same case at the same moment.
    answers = await asyncio.gather(*(c.post(f"/api/v1/cases/{cid}/claim") for cid in raced for c in (lead, advisor)))
    for i, cid in enumerate(raced):
        pair_of = sorted(answers[2 * i + k].status_code for k in (0, 1))
        assert pair_of == [200, 409], (cid, pair_of)
    claims = await pair.db("advisory", "SELECT c.id, count(*) AS n FROM case_timeline t JOIN cases c ON c.id ="
                                       " t.case_id WHERE c.id = ANY($1::uuid[]) AND t.kind = 'claimed' GROUP BY c.id",
                           raced)
    assert sorted(r["n"] for r in claims) == [1] * len(raced)

    # Bulk close of the same cases through both copies at once: each case closed by exactly one of them.
    body = {"case_ids": closing, "reason_code": "withdrawn", "reason_text": "Replica test"}
    first, second = await asyncio.gather(lead.post("/api/v1/bulk/close", json=body),
                                         lead.post("/api/v1/bulk/close", json=body | {"case_ids": closing[::-1]}))
    first.raise_for_status()
    second.raise_for_status()
    wins = Counter(r["case_id"] for r in first.json()["results"] + second.json()["results"] if r["ok"])
    assert wins == dict.fromkeys(closing, 1)
    await wait_settled(pair.a, timeout=60)
    closures = Counter(str(m["To"]) for m in pair.mails() if "closure@" in str(m["Message-ID"]))
    assert sum(closures.values()) == len(closing) and set(closures.values()) == {1}
    events = await pair.db("advisory", "SELECT count(*) AS n FROM outbox WHERE subject = $1", subjects.CASE_CLOSED)
    assert events[0]["n"] == len(closing)


async def test_both_sla_pollers_fire_each_escalation_once(pair: Pair) -> None:
    rows = await pair.db("advisory", "SELECT id FROM cases WHERE reference = ANY($1) AND status = 'open'"
                                     " ORDER BY reference LIMIT 6", list(pair.references))
    due = [r["id"] for r in rows]
    # Breach due now: both copies' pollers (every 0.3 s) race for the same cases.
    await pair.db("advisory", "UPDATE cases SET sla_warn_at = now() - interval '1 minute', sla_due_at = now()"
                              " - interval '1 second', escalation_next_at = now() WHERE id = ANY($1)", due)

    async def escalated() -> bool:
        rows = await pair.db("advisory", "SELECT count(*) AS n FROM outbox WHERE subject = $1",
                             subjects.CASE_ESCALATED)
        return rows[0]["n"] >= len(due)
    await eventually(escalated, timeout=30, what="an escalation per due case")
    await wait_settled(pair.a, timeout=60)
    per_case = await pair.db("advisory", "SELECT case_id, count(*) AS n FROM case_timeline WHERE kind = 'escalated'"
                                         " GROUP BY case_id")
    assert {r["case_id"]: r["n"] for r in per_case} == dict.fromkeys(due, 1)
    mails = Counter(str(m["Message-ID"]) for m in pair.mails() if "sla_escalation@" in str(m["Message-ID"]))
    assert len(mails) == len(due) and set(mails.values()) == {1}  # one lead: one email per case


async def test_dead_letters_seen_by_both_copies_and_closed_once(pair: Pair) -> None:
    nc = await nats.connect(pair.a.nats_url)
    try:
        await nc.jetstream().publish(subjects.ASSESSMENT_COMPLETED, b"{not json",
                                     headers={"Nats-Msg-Id": uuid.uuid4().hex})
    finally:
        await nc.close()
    auth = {"Authorization": f"Bearer {TOKEN}"}

    async def gauges() -> list[str]:
        found = []
        async with httpx.AsyncClient(timeout=10) as client:
            for copy in pair.copies:
                text = (await client.get(f"{copy.url('advisory')}/metrics")).text
                found += [line for line in text.splitlines() if line.startswith("dead_letters_open{")]
        return found if len(found) == 2 and all(line.endswith(" 1.0") for line in found) else []
    await eventually(gauges, timeout=30, what="advisory's dead letter on both copies' gauges")

    async with httpx.AsyncClient(timeout=10, headers=auth) as client:
        [letter] = (await client.get(f"{pair.b.url('advisory')}/api/v1/operator/dead-letters")).json()
        answers = await asyncio.gather(*(client.post(f"{copy.url('advisory')}/api/v1/operator/dead-letters/"
                                                     f"{letter['id']}/archive") for copy in pair.copies))
    assert sorted(a.status_code for a in answers) == [200, 409]
    per_consumer = await pair.db("advisory", "SELECT consumer, count(*) AS n FROM dead_letters GROUP BY consumer")
    assert [r["n"] for r in per_consumer] == [1]  # each consumer dead-letters it once, not once per copy


async def test_the_rate_limit_is_one_budget_across_both_intakes(pair: Pair) -> None:
    client_address = {"X-Forwarded-For": "198.51.100.77"}
    statuses = []
    async with httpx.AsyncClient(timeout=10, headers=client_address) as client:
        for i in range(6):  # invalid bodies: counted, but nothing stored
            r = await client.post(f"{pair.copies[i % 2].url('intake')}/api/v1/enquiries", json={})
            statuses.append(r.status_code)
    assert statuses == [422, 422, 422, 422, 429, 429]  # 4/minute over both copies, not 4 each
