"""The broker factory: one place for connection, retry and metrics defaults."""
from __future__ import annotations

import logging

from faststream.nats import NatsBroker

from ..metrics import PlumbingMetrics


class FetchTimeoutIsNoError(logging.Filter):
    """Drop FastStream's "Task ... raised an exception, retrying" ERROR when the exception is a fetch timeout.

    nats-py's `fetch` raises a bare `asyncio.TimeoutError` when its wait runs out during the no-wait probe; the
    pull loop of FastStream 0.7 suppresses only `nats.errors.TimeoutError`, so its task supervisor logs an ERROR
    and restarts the loop — which is the right recovery for an empty fetch, not something for an operator.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exc, TimeoutError) and "raised an exception, retrying" in record.getMessage())


def make_broker(*, nats_url: str | list[str], service: str, metrics: PlumbingMetrics) -> NatsBroker:
    """A broker that reconnects forever. Its message metrics are counted by our consumer and relay on the service's
    registry (`metrics`), not by a FastStream middleware."""
    servers = nats_url.split(",") if isinstance(nats_url, str) else nats_url
    return NatsBroker(
        servers,
        name=service,
        # Keep trying: the outbox holds what we could not publish, so waiting is safe.
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        connect_timeout=5,
        # A node cut off by the network (not crashed) leaves the TCP connection silently open: without our own
        # pings (nats-py's default: every 2 minutes) the service would wait minutes before it moves to another node
        # (tests/e2e/test_nats_partition.py). Two unanswered pings, 3 s apart, mean: reconnect elsewhere.
        ping_interval=3,
        max_outstanding_pings=2,
        graceful_timeout=10.0,
        # No NatsPrometheusMiddleware: it cost ~50 µs per consumed message on an idle machine (microbenchmark in
        # docs/performance.md, issue 20); consumer.py and the relay count the same `faststream_*` series.
        logger=_broker_logger(service),
        log_level=logging.DEBUG,
        # Our one handler per subscription takes the message itself and parses it (consumer.py): FastStream's
        # dependency injection (fast_depends) only wrapped that call, ~12 µs per message (`python -m bench.micro`).
        apply_types=False,
    )


def _broker_logger(service: str) -> logging.Logger:
    logger = logging.getLogger(f"{service}.broker")
    if not any(isinstance(f, FetchTimeoutIsNoError) for f in logger.filters):
        logger.addFilter(FetchTimeoutIsNoError())
    return logger
