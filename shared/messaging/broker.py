"""The broker factory: one place for connection, retry and metrics defaults."""
from __future__ import annotations

import logging

from faststream.nats import NatsBroker
from faststream.nats.prometheus import NatsPrometheusMiddleware

from ..metrics import PlumbingMetrics


def make_broker(*, nats_url: str | list[str], service: str, metrics: PlumbingMetrics) -> NatsBroker:
    """A broker that reconnects forever and reports message metrics on the service's registry."""
    servers = nats_url.split(",") if isinstance(nats_url, str) else nats_url
    return NatsBroker(
        servers,
        name=service,
        # Keep trying: the outbox holds what we could not publish, so waiting is safe.
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        connect_timeout=5,
        graceful_timeout=10.0,
        middlewares=[NatsPrometheusMiddleware(registry=metrics.registry, app_name=service)],
        logger=logging.getLogger(f"{service}.broker"),
        log_level=logging.DEBUG,
    )
