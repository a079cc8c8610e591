"""Upgrade path of the retry subject: a deployment whose durables were made with one filter subject (before each
consumer also took its own retry subject) gets both filter subjects when a service provisions at start-up.

nats-py binds to an existing durable and ignores the code's config (faststream-nats.md §1.4), so only
`provision` can bring an old consumer up to date; this test proves it does, on a real nats-server."""
from __future__ import annotations

import uuid

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from shared.messaging.consumer import ConsumerPolicy, Subscription, consumer_configs, register
from shared.messaging.provision import provision
from shared.messaging.streams import EVENTS_STREAM, retry_subject
from tests.support.waiting import eventually

from .helpers import Ping, jetstream, new_broker, new_metrics, ping_envelope, plumbing_pool, unique_subject

POLICY = ConsumerPolicy(retry_delays_s=(0.2,), ack_wait_s=5)


async def test_old_single_filter_durable_gets_its_retry_subject(servers, fresh_db) -> None:
    subject = unique_subject("assessment.test")
    durable = f"test-upgrade-{uuid.uuid4().hex[:6]}"
    seen: list[int] = []

    async def handle(envelope, conn) -> None:
        seen.append(envelope.payload.n)

    sub = Subscription(subject=subject, durable=durable, payload=Ping, handler=handle)
    async with jetstream(servers.nats_url) as js:
        # As the previous release created it: one filter subject, a different ack wait.
        await js.add_consumer(EVENTS_STREAM, ConsumerConfig(
            durable_name=durable, filter_subject=subject, ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL, max_deliver=3, ack_wait=60,
        ))
        before = (await js.consumer_info(EVENTS_STREAM, durable)).config
        assert before.filter_subject == subject and not before.filter_subjects

    pool = await plumbing_pool(fresh_db)
    metrics = new_metrics()
    broker = new_broker(servers.nats_url, metrics)
    register(broker, sub, pool=pool, policy=POLICY, metrics=metrics, service="test")
    try:
        await provision(servers.nats_url, consumer_configs([sub], POLICY))
        async with jetstream(servers.nats_url) as js:
            after = (await js.consumer_info(EVENTS_STREAM, durable)).config
        assert sorted(after.filter_subjects or []) == sorted([subject, retry_subject(subject, durable)])
        assert not after.filter_subject
        assert after.ack_wait == POLICY.ack_wait_s

        # And the upgraded consumer really takes its retry subject once the service runs.
        await broker.start()
        async with jetstream(servers.nats_url) as js:
            await js.publish(subject, ping_envelope(1, subject=subject).model_dump_json().encode())
            retry = ping_envelope(2, subject=subject)
            await js.publish(retry_subject(subject, durable), retry.model_dump_json().encode())
        await eventually(lambda: _async(sorted(seen) == [1, 2]), what="both the event and the retry consumed")
    finally:
        await broker.stop()
        async with jetstream(servers.nats_url) as js:
            await js.delete_consumer(EVENTS_STREAM, durable)
        await pool.close()


async def _async(value):
    return value
