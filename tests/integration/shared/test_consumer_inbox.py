"""Safe consumers against real servers: inbox dedupe, retry with delay, dead letters for poison."""
from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import pytest_asyncio

from shared.messaging.consumer import ConsumerPolicy, PermanentError, Subscription, consumer_configs, register
from shared.messaging.provision import provision
from shared.messaging.streams import EVENTS_STREAM
from tests.support.waiting import eventually

from .helpers import Ping, jetstream, new_broker, new_metrics, ping_envelope, plumbing_pool, unique_subject

POLICY = ConsumerPolicy(retry_delays_s=(0.2, 0.2, 0.2), ack_wait_s=5)


@dataclass
class Rig:
    pool: asyncpg.Pool
    subject: str
    failures: dict[int, int]  # n -> how many times the handler should still fail transiently
    nats_url: str

    async def publish(self, body: bytes | str, *, msg_id: str | None = None) -> None:
        async with jetstream(self.nats_url) as js:
            data = body.encode() if isinstance(body, str) else body
            await js.publish(self.subject, data, headers={"Nats-Msg-Id": msg_id or uuid.uuid4().hex})

    async def effects(self) -> list[int]:
        async with self.pool.acquire() as conn:
            return [r["n"] for r in await conn.fetch("SELECT n FROM effects ORDER BY n")]

    async def dead_letters(self) -> list[asyncpg.Record]:
        async with self.pool.acquire() as conn:
            return await conn.fetch("SELECT * FROM dead_letters ORDER BY id")


@pytest_asyncio.fixture
async def rig(servers, fresh_db) -> AsyncIterator[Rig]:
    pool = await plumbing_pool(fresh_db)
    async with pool.acquire() as conn:
        await conn.execute("CREATE TABLE effects (n int NOT NULL)")
    subject = unique_subject("advisory.test")
    failures: dict[int, int] = {}

    async def handler(envelope, conn) -> None:
        n = envelope.payload.n
        if n < 0:
            raise PermanentError("negative numbers are never valid")
        if failures.get(n, 0) > 0:
            failures[n] -= 1
            raise ConnectionError("database briefly away")
        await conn.execute("INSERT INTO effects (n) VALUES ($1)", n)

    durable = f"test-{uuid.uuid4().hex[:8]}"
    sub = Subscription(subject=subject, durable=durable, payload=Ping, handler=handler)
    metrics = new_metrics()
    broker = new_broker(servers.nats_url, metrics)
    register(broker, sub, pool=pool, policy=POLICY, metrics=metrics, service="test")
    await provision(servers.nats_url, consumer_configs([sub], POLICY))
    await broker.start()
    yield Rig(pool=pool, subject=subject, failures=failures, nats_url=servers.nats_url)
    await broker.stop()
    async with jetstream(servers.nats_url) as js:
        await js.delete_consumer(EVENTS_STREAM, durable)
    await pool.close()


async def test_same_event_delivered_three_times_has_one_effect(rig: Rig) -> None:
    env = ping_envelope(7, subject=rig.subject)
    body = env.model_dump_json()
    for _ in range(3):  # new Nats-Msg-Id each time: JetStream stores all three, the inbox must absorb them
        await rig.publish(body)
    marker = ping_envelope(8, subject=rig.subject)
    await rig.publish(marker.model_dump_json())
    await eventually(lambda: _has(rig, 8), what="marker processed")
    assert await rig.effects() == [7, 8]
    async with rig.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", env.event_id) == 1


async def test_transient_failure_is_retried_after_a_delay_and_then_succeeds(rig: Rig) -> None:
    rig.failures[5] = 2
    await rig.publish(ping_envelope(5, subject=rig.subject).model_dump_json())
    await eventually(lambda: _has(rig, 5), what="processed after two naks")
    assert rig.failures[5] == 0
    assert await rig.dead_letters() == []


async def test_poison_message_is_dead_lettered_once_and_valid_traffic_continues(rig: Rig) -> None:
    await rig.publish(b"{not json")
    await rig.publish(ping_envelope(-1, subject=rig.subject).model_dump_json())
    await rig.publish(ping_envelope(3, subject=rig.subject).model_dump_json())
    await eventually(lambda: _has(rig, 3), what="valid message after poison")

    async def two_dead() -> list[asyncpg.Record]:
        rows = await rig.dead_letters()
        return rows if len(rows) == 2 else []

    rows = await eventually(two_dead, what="two dead letters")
    assert sorted(r["error_class"] for r in rows) == ["PermanentError", "ValidationError"]
    assert all(r["deliveries"] == 1 for r in rows)  # terminated at once, not retried


async def test_handler_that_keeps_failing_is_dead_lettered_after_max_deliver(rig: Rig) -> None:
    rig.failures[9] = 100
    await rig.publish(ping_envelope(9, subject=rig.subject).model_dump_json())

    async def dead() -> list[asyncpg.Record]:
        return await rig.dead_letters()

    rows = await eventually(dead, timeout=20, what="dead letter after max_deliver")
    assert rows[0]["deliveries"] == POLICY.max_deliver
    assert rows[0]["error_class"] == "ConnectionError"
    assert rig.failures[9] == 100 - POLICY.max_deliver
    assert await rig.effects() == []


async def _has(rig: Rig, n: int) -> bool:
    return n in await rig.effects()
