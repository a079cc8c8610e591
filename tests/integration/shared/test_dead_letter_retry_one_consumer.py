"""An operator's retry of a dead letter reaches the consumer that failed and no other subscriber of the subject
(shared/messaging/dead_letters.py: the failed consumer's own retry subject)."""
from __future__ import annotations

import uuid

from shared.messaging import dead_letters as dl
from shared.messaging.consumer import ConsumerPolicy, PermanentError, Subscription, consumer_configs, register
from shared.messaging.provision import provision
from shared.messaging.streams import EVENTS_STREAM, retry_subject
from tests.support.waiting import eventually

from .helpers import Ping, jetstream, new_broker, new_metrics, ping_envelope, plumbing_pool, unique_subject

POLICY = ConsumerPolicy(retry_delays_s=(0.2, 0.2), ack_wait_s=5)


async def test_retry_goes_to_the_failed_consumer_only(servers, fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    async with pool.acquire() as conn:
        await conn.execute("CREATE TABLE effects (consumer text NOT NULL, n int NOT NULL)")
    subject = unique_subject("assessment.test")
    broken = {"failing": True}
    seen: dict[str, list[int]] = {"failing": [], "healthy": []}

    def handler(role: str):
        async def handle(envelope, conn) -> None:
            seen[role].append(envelope.payload.n)
            if role == "failing" and broken["failing"]:
                raise PermanentError("reference data missing")
            await conn.execute("INSERT INTO effects VALUES ($1, $2)", role, envelope.payload.n)
        return handle

    durables = {role: f"test-{role}-{uuid.uuid4().hex[:6]}" for role in seen}
    subs = [Subscription(subject=subject, durable=durables[r], payload=Ping, handler=handler(r)) for r in seen]
    metrics = new_metrics()
    broker = new_broker(servers.nats_url, metrics)
    for sub in subs:
        register(broker, sub, pool=pool, policy=POLICY, metrics=metrics, service="test")
    await provision(servers.nats_url, consumer_configs(subs, POLICY))
    await broker.start()
    try:
        async with jetstream(servers.nats_url) as js:
            await js.publish(subject, ping_envelope(5, subject=subject).model_dump_json().encode())

        async def dead_lettered():
            async with pool.acquire() as conn:
                return await dl.list_dead_letters(conn)
        [letter] = await eventually(dead_lettered, what="the failing consumer's dead letter")
        assert letter.consumer == durables["failing"]
        await eventually(lambda: _async(seen["healthy"] == [5]), what="the healthy consumer processed it")

        broken["failing"] = False
        async with dl.jetstream_publisher(servers.nats_url) as publish, pool.acquire() as conn:
            assert await dl.retry_dead_letter(conn, letter.id, publish=publish) is dl.Outcome.DONE
            assert await dl.retry_dead_letter(conn, letter.id, publish=publish) is dl.Outcome.CLOSED

        async def effects():
            async with pool.acquire() as conn:
                return sorted(tuple(r) for r in await conn.fetch("SELECT consumer, n FROM effects"))
        await eventually(lambda: _effects_are(effects, [("failing", 5), ("healthy", 5)]), what="the retry processed")
        async with jetstream(servers.nats_url) as js:
            info = await js.consumer_info(EVENTS_STREAM, durables["healthy"])
            assert info.num_pending == 0 and info.num_ack_pending == 0
            stored = await js.get_last_msg(EVENTS_STREAM, retry_subject(subject, durables["failing"]))
            assert stored.headers and stored.headers.get("Dead-Letter-Id") == str(letter.id)
        # The healthy subscriber never saw the retry (not even as an inbox duplicate); the failing one twice.
        assert seen == {"failing": [5, 5], "healthy": [5]}
    finally:
        await broker.stop()
        async with jetstream(servers.nats_url) as js:
            for durable in durables.values():
                await js.delete_consumer(EVENTS_STREAM, durable)
        await pool.close()


async def _async(value):
    return value


async def _effects_are(effects, expected) -> bool:
    return await effects() == expected
