"""Consumer lag and redeliveries from JetStream, dead-letter backlog from the database, polled periodically.

JetStream knows how far behind each durable consumer is; the service's own counters do not. Every replica
of a service polls the same durables, so the gauges are identical across replicas: dashboards and alerts
aggregate them with `max`, never `sum`.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import asyncpg
from nats.js import JetStreamContext
from prometheus_client import Gauge

from ..messaging.streams import EVENTS_STREAM
from ..metrics import PlumbingMetrics

log = logging.getLogger(__name__)

OPEN_DEAD_LETTERS_SQL = "SELECT count(*) FROM dead_letters WHERE retried_at IS NULL AND archived_at IS NULL"


class ConsumerLagMonitor:
    """Copies `js.consumer_info` of the service's durables and the open dead letters into gauges."""

    def __init__(self, *, metrics: PlumbingMetrics, service: str, durables: Sequence[str],
                 interval_s: float = 10.0, stream: str = EVENTS_STREAM) -> None:
        self._metrics = metrics
        self._service = service
        self._durables = list(durables)
        self._interval = interval_s
        self._stream = stream
        # Created here (not in shared.metrics) so the plumbing dataclass stays as the services know it.
        self.redelivered = Gauge(
            "consumer_redelivered_messages", "Messages delivered more than once and not yet acked (num_redelivered)",
            ("service", "consumer"), registry=metrics.registry,
        )

    async def poll_consumers(self, js: JetStreamContext) -> None:
        for durable in self._durables:
            info = await js.consumer_info(self._stream, durable)
            self._metrics.consumer_pending.labels(self._service, durable).set(info.num_pending or 0)
            self._metrics.consumer_ack_pending.labels(self._service, durable).set(info.num_ack_pending or 0)
            self.redelivered.labels(self._service, durable).set(info.num_redelivered or 0)

    async def refresh_dead_letters(self, pool: asyncpg.Pool) -> None:
        async with pool.acquire() as conn:
            open_count = await conn.fetchval(OPEN_DEAD_LETTERS_SQL)
        self._metrics.dead_letters_open.labels(self._service).set(open_count)

    async def poll_once(self, *, js: JetStreamContext, pool: asyncpg.Pool) -> None:
        """One pass; each half fails on its own, so a NATS outage still leaves dead letters visible."""
        results = await asyncio.gather(self.poll_consumers(js), self.refresh_dead_letters(pool),
                                       return_exceptions=True)
        for what, result in zip(("consumer info", "dead letters"), results, strict=True):
            if isinstance(result, Exception):
                log.warning("metrics poll failed", extra={"fields": {"what": what, "error": repr(result)[:300]}})

    async def run(self, runtime: Any) -> None:
        """Background task for `build_app`: poll until cancelled."""
        while True:
            try:
                await self.poll_once(js=runtime.broker.connection.jetstream(), pool=runtime.require_pool())
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("metrics poll failed", exc_info=True)
            await asyncio.sleep(self._interval)
