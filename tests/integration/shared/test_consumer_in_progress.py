"""The short ack wait redelivers what a dead process held, never what a live one is still working on: a handler
slower than the ack wait keeps its message by telling JetStream "in progress" (consumer._InProgress), even with a
second replica pulling from the same durable consumer."""
from __future__ import annotations

import asyncio
import uuid

from shared.messaging.consumer import ConsumerPolicy, Subscription, consumer_configs, register
from shared.messaging.provision import provision
from shared.messaging.streams import EVENTS_STREAM
from tests.support.waiting import eventually

from .helpers import Ping, jetstream, new_broker, new_metrics, ping_envelope, plumbing_pool, unique_subject

ACK_WAIT_S = 1.5
POLICY = ConsumerPolicy(retry_delays_s=(0.2, 0.2), ack_wait_s=ACK_WAIT_S, fetch_wait_s=0.5)


async def test_a_slow_handler_keeps_its_message_past_the_ack_wait(servers, fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    subject = unique_subject("assessment.test")
    calls: list[int] = []

    async def slow(envelope, conn) -> None:
        calls.append(envelope.payload.n)
        await asyncio.sleep(ACK_WAIT_S * 2.5)  # the slow work itself, longer than two ack waits

    sub = Subscription(subject=subject, durable=f"test-slow-{uuid.uuid4().hex[:6]}", payload=Ping, handler=slow)
    brokers = [new_broker(servers.nats_url, new_metrics()) for _ in range(2)]  # two replicas
    for broker in brokers:
        register(broker, sub, pool=pool, policy=POLICY, metrics=new_metrics(), service="test")
    await provision(servers.nats_url, consumer_configs([sub], POLICY))
    for broker in brokers:
        await broker.start()
    try:
        async with jetstream(servers.nats_url) as js:
            await js.publish(subject, ping_envelope(1, subject=subject).model_dump_json().encode())

            async def acked() -> bool:
                info = await js.consumer_info(EVENTS_STREAM, sub.durable)
                return info.num_ack_pending == 0 and info.num_pending == 0 and info.delivered.stream_seq > 0
            await eventually(acked, timeout=20, interval=0.2, what="the slow message acked")
            info = await js.consumer_info(EVENTS_STREAM, sub.durable)
        # Delivered once: no second delivery (which the inbox would absorb, but only after waiting for the first).
        assert info.delivered.consumer_seq == 1 and info.num_redelivered == 0
        assert calls == [1]
    finally:
        for broker in brokers:
            await broker.stop()
        async with jetstream(servers.nats_url) as js:
            await js.delete_consumer(EVENTS_STREAM, sub.durable)
        await pool.close()
