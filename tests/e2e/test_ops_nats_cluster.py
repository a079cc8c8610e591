"""On a 3-node NATS cluster (EVENTS at replicas 3), killing a node mid-run loses nothing and doubles nothing.

The four services run as processes with NATS_URL listing all three nodes. Half the enquiries go in, the
node leading the EVENTS stream is SIGKILLed, the other half go in. Then every enquiry has exactly one
opened case in advisory (one row, one case.opened event), the stream holds each event once, and every
company got exactly one acknowledgement email.
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import nats
import pytest

from devstack.cluster import NatsCluster
from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig
from shared.contracts import subjects
from shared.db import ensure_database
from shared.messaging.streams import EVENTS_STREAM
from tests.support.infra import Servers
from tests.support.waiting import eventually

from .test_enquiry_to_case import unique_example

ENQUIRIES_BEFORE, ENQUIRIES_AFTER = 6, 6


@pytest.fixture(scope="module")
def cluster_stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, NatsCluster]]:
    root = tmp_path_factory.mktemp("cluster-stack")
    cluster = NatsCluster(root / "nats")
    cluster.start()
    suffix = uuid.uuid4().hex[:6]
    dbs = {s: servers.dsn(f"cl_{s}_{suffix}") for s in SERVICES}
    for dsn in dbs.values():
        asyncio.run(ensure_database(dsn))
    stack = Stack(StackConfig(
        root=root, ports={s: free_port() for s in SERVICES}, nats_url=cluster.url, database_urls=dbs,
        # A message the dying node was delivering to a pull request is lost in flight; the consumer holds it as
        # delivered and redelivers it after ack_wait (60 s by default, longer than the wait below: 2 of 6 runs
        # here stalled on one such message). A short ack_wait keeps that redelivery inside the test's wait.
        service_env={"STREAM_REPLICAS": "3", "OUTBOX_POLL_INTERVAL_S": "0.5", "SENDING_STALE_AFTER_S": "5",
                     "RETRY_DELAYS_S": "[0.5, 1, 2, 2, 2, 2, 2]", "CONSUMER_ACK_WAIT_S": "5"},
    ))
    try:
        stack.start_infrastructure()
        stack.start_services()
        yield stack, cluster
    finally:
        stack.stop()
        cluster.stop()


async def submit(stack: Stack, count: int) -> dict[str, str]:
    """Submit `count` enquiries; reference -> contact address."""
    sent: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=15) as intake:
        for _ in range(count):
            body = unique_example()
            r = await intake.post("/api/v1/enquiries", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
            assert r.status_code == 202, r.text
            sent[r.json()["reference"]] = body["contact"]["email"]
    return sent


async def kill_the_stream_leader(cluster: NatsCluster) -> str:
    nc = await nats.connect(servers=cluster.url.split(","))
    try:
        leader = (await nc.jetstream().stream_info(EVENTS_STREAM)).cluster.leader
    finally:
        await nc.close()
    [index] = [i for i, node in enumerate(cluster.nodes) if node.name == leader]
    cluster.kill9(index)
    return leader


def acknowledgements(mail_dir: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in mail_dir.glob("*.eml") if mail_dir.exists() else []:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        counts[str(msg["To"])] += 1
    return counts


async def test_killing_a_nats_node_mid_run_loses_and_duplicates_nothing(cluster_stack) -> None:
    stack, cluster = cluster_stack
    sent = await submit(stack, ENQUIRIES_BEFORE)
    killed = await kill_the_stream_leader(cluster)
    sent |= await submit(stack, ENQUIRIES_AFTER)
    total = ENQUIRIES_BEFORE + ENQUIRIES_AFTER

    advisory = await asyncpg.connect(stack.database_url("advisory"))
    try:
        async def all_cases_opened() -> bool:
            opened = await advisory.fetchval(
                "SELECT count(*) FROM cases WHERE reference = ANY($1) AND opened_at IS NOT NULL", list(sent))
            return opened == total

        await eventually(all_cases_opened, timeout=45, interval=0.2, what=f"{total} opened cases after {killed} died")
        rows = await advisory.fetch("SELECT reference, count(*) AS n FROM cases WHERE reference = ANY($1)"
                                    " GROUP BY reference", list(sent))
        assert {r["reference"]: r["n"] for r in rows} == dict.fromkeys(sent, 1)
        opened_events = await advisory.fetch(
            "SELECT correlation_id, count(*) AS n FROM outbox WHERE subject = $1 GROUP BY correlation_id",
            subjects.CASE_OPENED)
        assert {r["correlation_id"]: r["n"] for r in opened_events} == dict.fromkeys(sent, 1)
    finally:
        await advisory.close()

    async def every_company_acknowledged() -> bool:
        return set(sent.values()) <= set(acknowledgements(stack.mail_dir))

    await eventually(every_company_acknowledged, timeout=45, interval=0.2, what="an acknowledgement per company")
    counts = acknowledgements(stack.mail_dir)
    assert {address: counts[address] for address in sent.values()} == dict.fromkeys(sent.values(), 1)

    async def stream_counts() -> dict[str, int]:
        nc = await nats.connect(servers=[n.url for n in cluster.nodes if n.proc.running()])
        try:
            info = await nc.jetstream().stream_info(EVENTS_STREAM, subjects_filter=">")
        finally:
            await nc.close()
        return info.state.subjects or {}

    in_stream = await eventually(
        stream_counts, what="stream subject counts")
    # Relay retries after the kill carried the same Nats-Msg-Id: JetStream kept each event once.
    assert in_stream[subjects.ENQUIRY_SUBMITTED] == total
    assert in_stream[subjects.CASE_OPENED] == total
