"""A fetch's messages share one transaction; a failure in it costs nobody else anything (real NATS and PostgreSQL).

The events are in the stream before the consumer starts, so its first fetch takes several of them at once.
"""
from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import asyncpg
import pytest_asyncio

from shared.messaging.consumer import (
    ConsumerPolicy,
    PermanentError,
    Subscription,
    after_commit,
    consumer_configs,
    register,
)
from shared.messaging.provision import provision
from shared.messaging.streams import EVENTS_STREAM
from tests.support.waiting import eventually

from .helpers import Ping, jetstream, new_broker, new_metrics, ping_envelope, plumbing_pool, unique_subject

POLICY = ConsumerPolicy(retry_delays_s=(0.2, 0.2, 0.2), ack_wait_s=5, batch_size=16)


@dataclass
class BatchRig:
    pool: asyncpg.Pool
    subject: str
    nats_url: str
    failures: dict[int, int] = field(default_factory=dict)  # n -> transient failures still to come
    committed: list[int] = field(default_factory=list)  # n, from after_commit callbacks

    async def publish(self, *numbers: int) -> None:
        async with jetstream(self.nats_url) as js:
            for n in numbers:
                env = ping_envelope(n, subject=self.subject)
                await js.publish(self.subject, env.model_dump_json().encode(),
                                 headers={"Nats-Msg-Id": str(env.event_id)})

    async def effects(self) -> list[asyncpg.Record]:
        async with self.pool.acquire() as conn:
            return await conn.fetch("SELECT n, tx FROM effects ORDER BY n")

    async def start(self, policy: ConsumerPolicy = POLICY) -> None:
        async def handler(envelope, conn) -> None:
            n = envelope.payload.n
            if n < 0:
                raise PermanentError("negative numbers are never valid")
            if self.failures.get(n, 0) > 0:
                self.failures[n] -= 1
                raise ConnectionError("database briefly away")
            await conn.execute("INSERT INTO effects (n, tx) VALUES ($1, txid_current())", n)
            after_commit(lambda: self.committed.append(n))

        durable = f"batch-{uuid.uuid4().hex[:8]}"
        self._sub = Subscription(subject=self.subject, durable=durable, payload=Ping, handler=handler)
        metrics = new_metrics()
        self._broker = new_broker(self.nats_url, metrics)
        register(self._broker, self._sub, pool=self.pool, policy=policy, metrics=metrics, service="test")
        await provision(self.nats_url, consumer_configs([self._sub], policy))
        await self._broker.start()

    async def stop(self) -> None:
        await self._broker.stop()
        async with jetstream(self.nats_url) as js:
            await js.delete_consumer(EVENTS_STREAM, self._sub.durable)


@pytest_asyncio.fixture
async def rig(servers, fresh_db) -> AsyncIterator[BatchRig]:
    pool = await plumbing_pool(fresh_db)
    async with pool.acquire() as conn:
        await conn.execute("CREATE TABLE effects (n int NOT NULL, tx bigint NOT NULL)")
    rig = BatchRig(pool=pool, subject=unique_subject("advisory.batch"), nats_url=servers.nats_url)
    yield rig
    await rig.stop()
    await pool.close()


def _all_of(rig: BatchRig, numbers: list[int]):
    async def check() -> list[asyncpg.Record]:
        rows = await rig.effects()
        return rows if sorted(r["n"] for r in rows) == numbers else []
    return check


async def test_events_of_one_fetch_commit_together(rig: BatchRig) -> None:
    numbers = list(range(12))
    await rig.publish(*numbers)
    await rig.start()
    rows = await eventually(_all_of(rig, numbers), what="twelve effects")
    assert len({r["tx"] for r in rows}) < len(numbers)  # batched: fewer transactions than events
    assert sorted(rig.committed) == numbers
    async with rig.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM inbox") == len(numbers)


async def test_a_failing_event_rolls_back_its_batch_and_the_others_take_effect_once(rig: BatchRig) -> None:
    numbers = list(range(10))
    rig.failures[4] = 2  # fails inside the batch, then alone once more, then succeeds on redelivery
    await rig.publish(*numbers)
    await rig.start()
    await eventually(_all_of(rig, numbers), what="ten effects, each once")
    assert rig.failures[4] == 0
    assert sorted(rig.committed) == numbers  # the rolled-back batch counted nothing


async def test_a_permanently_bad_event_in_a_batch_is_dead_lettered_alone(rig: BatchRig) -> None:
    await rig.publish(1, 2, -3, 4, 5)
    await rig.start()
    await eventually(_all_of(rig, [1, 2, 4, 5]), what="the valid four")

    async def dead() -> list[asyncpg.Record]:
        async with rig.pool.acquire() as conn:
            return await conn.fetch("SELECT error_class, deliveries FROM dead_letters")

    rows = await eventually(dead, what="one dead letter")
    assert [(r["error_class"], r["deliveries"]) for r in rows] == [("PermanentError", 1)]
    assert sorted(rig.committed) == [1, 2, 4, 5]


async def test_a_lone_event_does_not_wait_for_a_full_batch_or_the_fetch_timeout(rig: BatchRig) -> None:
    # A fetch that waits for messages must return with the first one, not when 16 are there or 30 s are up:
    # otherwise every hop of a quiet pipeline waits out the fetch (nats-py and nats-server versions matter).
    await rig.start(ConsumerPolicy(retry_delays_s=(0.2,), ack_wait_s=60, batch_size=16, fetch_wait_s=30))
    await rig.publish(1)
    await eventually(_all_of(rig, [1]), timeout=5, what="the lone event, well before the 30 s fetch timeout")
    await rig.publish(2, 3)
    await eventually(_all_of(rig, [1, 2, 3]), timeout=5, what="the next two")
