"""Create or update the stream and durable consumers so the server matches the code.

nats-py binds to an existing durable and silently ignores changed settings, so we update it here
explicitly before FastStream starts.
"""
from __future__ import annotations

import logging

import nats
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from .streams import EVENTS_STREAM, events_stream_config

log = logging.getLogger(__name__)


def consumer_config(*, durable: str, subject: str, max_deliver: int, ack_wait_s: float) -> ConsumerConfig:
    return ConsumerConfig(
        durable_name=durable,
        filter_subject=subject,
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        max_deliver=max_deliver,
        ack_wait=ack_wait_s,
        max_ack_pending=256,
    )


async def ensure_stream(js: JetStreamContext, *, replicas: int = 1) -> None:
    cfg = events_stream_config(replicas)
    try:
        await js.stream_info(EVENTS_STREAM)
    except NotFoundError:
        await js.add_stream(cfg)
        log.info("stream created", extra={"fields": {"stream": EVENTS_STREAM}})
        return
    await js.update_stream(cfg)


async def ensure_consumer(js: JetStreamContext, cfg: ConsumerConfig) -> None:
    # The server treats a create for an existing durable as an update of its editable fields.
    await js.add_consumer(EVENTS_STREAM, cfg)


async def provision(nats_url: str | list[str], consumers: list[ConsumerConfig], *, replicas: int = 1) -> None:
    """Connect once, make stream and consumers match the code, disconnect."""
    servers = nats_url.split(",") if isinstance(nats_url, str) else nats_url
    nc = await nats.connect(servers=servers, connect_timeout=5, max_reconnect_attempts=5)
    try:
        js = nc.jetstream()
        await ensure_stream(js, replicas=replicas)
        for cfg in consumers:
            await ensure_consumer(js, cfg)
    finally:
        await nc.close()
