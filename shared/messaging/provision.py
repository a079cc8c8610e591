"""Create or update the stream and durable consumers so the server matches the code.

nats-py binds to an existing durable and silently ignores changed settings, so we update it here
explicitly before FastStream starts.
"""
from __future__ import annotations

import asyncio
import logging

import nats
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError, ServiceUnavailableError

from .streams import EVENTS_STREAM, events_stream_config, retry_subject

log = logging.getLogger(__name__)


def consumer_config(*, durable: str, subject: str, max_deliver: int, ack_wait_s: float) -> ConsumerConfig:
    # Its own retry subject too: an operator's retry of a dead letter reaches this consumer only (dead_letters.py).
    return ConsumerConfig(
        durable_name=durable,
        filter_subjects=[subject, retry_subject(subject, durable)],
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        max_deliver=max_deliver,
        ack_wait=ack_wait_s,
        max_ack_pending=256,
    )


_MANAGED_FIELDS = ("subjects", "retention", "storage", "max_age", "duplicate_window", "num_replicas")


async def ensure_stream(js: JetStreamContext, *, replicas: int = 1) -> None:
    cfg = events_stream_config(replicas)
    try:
        info = await js.stream_info(EVENTS_STREAM)
    except NotFoundError:
        await js.add_stream(cfg)
        log.info("stream created", extra={"fields": {"stream": EVENTS_STREAM}})
        return
    # An update is a consensus round in a cluster: only ask for one when something differs.
    if any(getattr(info.config, f) != getattr(cfg, f) for f in _MANAGED_FIELDS):
        await js.update_stream(cfg)


# Durable consumers a subscription table no longer has: removed at provisioning, so a server that had them stops
# keeping their pending counts (and dashboards stop showing their lag). Names are unique across services.
RETIRED_DURABLES = (
    "intake-assessment-completed",  # ADR 12: intake's status follows case.opened only
    "advisory-enquiry-submitted",   # ADR 14: the first assessment carries the submission to advisory
)


async def remove_retired(js: JetStreamContext, durables: tuple[str, ...] = RETIRED_DURABLES) -> None:
    for durable in durables:
        try:
            await js.delete_consumer(EVENTS_STREAM, durable)
            log.info("retired consumer removed", extra={"fields": {"durable": durable}})
        except NotFoundError:
            pass


async def ensure_consumer(js: JetStreamContext, cfg: ConsumerConfig) -> None:
    # The server treats a create for an existing durable as an update of its editable fields.
    await js.add_consumer(EVENTS_STREAM, cfg)


async def provision(nats_url: str | list[str], consumers: list[ConsumerConfig], *, replicas: int = 1,
                    attempts: int = 6) -> None:
    """Connect, make stream and consumers match the code, disconnect.

    A cluster may still be electing its JetStream leader, or be slow under load: retry with backoff rather than
    fail the service's start-up.
    """
    servers = nats_url.split(",") if isinstance(nats_url, str) else nats_url
    for attempt in range(1, attempts + 1):
        nc = await nats.connect(servers=servers, connect_timeout=5, max_reconnect_attempts=5)
        try:
            js = nc.jetstream(timeout=15)
            await ensure_stream(js, replicas=replicas)
            for cfg in consumers:
                await ensure_consumer(js, cfg)
            await remove_retired(js)
            return
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError, ServiceUnavailableError):
            if attempt == attempts:
                raise
            log.warning("JetStream not answering yet; retrying provisioning", extra={"fields": {"attempt": attempt}})
            await asyncio.sleep(min(2**attempt, 15))
        finally:
            await nc.close()
