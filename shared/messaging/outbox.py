"""Transactional outbox: write events with the state change, publish them after commit.

Write side: `add_to_outbox(conn, envelope, subject)` inside the caller's transaction.
Relay: takes unpublished rows with FOR UPDATE SKIP LOCKED (replicas never publish the same row at
once) and marks them in the same statement, publishes each with `Nats-Msg-Id = event_id`, and commits
the marks once every JetStream ack is in. A crash before that commit republishes the same ids; JetStream
drops them as duplicates.
"""
from __future__ import annotations

import asyncio
import logging
import time
import uuid
from typing import Any, NamedTuple, Protocol

import asyncpg
from faststream.nats import NatsBroker

from ..contracts.envelope import Envelope
from ..failpoints import failpoint
from ..metrics import PlumbingMetrics
from ..observability.correlation import bind_correlation_id
from ..waiting import wait_for_wake
from .streams import EVENTS_STREAM

log = logging.getLogger(__name__)

PUBLISH_TIMEOUT_S = 5.0
MAX_IN_FLIGHT = 64
# A failover makes many passes fail within a second (each commit wakes the relay); with a longer cap the relay
# then slept through most of a minute after NATS was back (tests/e2e/test_ops_nats_cluster.py).
MAX_BACKOFF_S = 5.0


class OutboxRow(NamedTuple):
    event_id: uuid.UUID
    subject: str
    envelope: str  # the envelope's JSON text, stored as it is (the column is `json`, schema.OUTBOX_ENVELOPE_AS_TEXT)
    correlation_id: str


# The columns an event is staged with, in the order of `OutboxRow`.
OUTBOX_COLUMNS = ", ".join(OutboxRow._fields)


def outbox_params(first_param: int) -> str:
    """The placeholders of an `OutboxRow` from `$first_param` on. The envelope is bound as text: bound as json, the
    pool's codec would encode the string once more, as a JSON string."""
    event_id, subject, envelope, correlation_id = (f"${first_param + i}" for i in range(len(OutboxRow._fields)))
    return f"{event_id}, {subject}, {envelope}::text::json, {correlation_id}"


def stage_for_each(source: str, *, first_param: int) -> str:
    """SQL that stages one outbox row for each row of `source` (a CTE of the same statement), its values the
    statement's parameters `$first_param`... in `OutboxRow` order: a change and its event in one statement."""
    return f"INSERT INTO outbox ({OUTBOX_COLUMNS}) SELECT {outbox_params(first_param)} FROM {source}"


def outbox_values(envelope: Envelope[Any], subject: str) -> OutboxRow:
    """The values of an outbox row for `envelope`, for a caller that stages it inside a larger statement."""
    bind_correlation_id(envelope.correlation_id)  # an HTTP request now knows its correlation id
    # model_dump_json, not model_dump + the pool's orjson codec: one pass in pydantic's core instead of two
    # (111 against 167 µs for an assessment's envelope).
    return OutboxRow(envelope.event_id, subject, envelope.model_dump_json(), envelope.correlation_id)


async def add_to_outbox(conn: asyncpg.Connection, envelope: Envelope[Any], subject: str) -> None:
    """Stage an event; it is published only if the surrounding transaction commits."""
    await conn.execute(f"INSERT INTO outbox ({OUTBOX_COLUMNS}) VALUES ({outbox_params(1)})",
                       *outbox_values(envelope, subject))


class Outbox(Protocol):
    """The port use cases stage events through; the fast tests' fake keeps them in a list."""

    async def add(self, envelope: Envelope[Any], subject: str) -> None: ...


class PgOutbox:
    """The outbox table on one connection: staged rows commit or roll back with the caller's transaction."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add(self, envelope: Envelope[Any], subject: str) -> None:
        await add_to_outbox(self._conn, envelope, subject)


def relay_delay_s(failures: int, *, poll_s: float) -> float:
    """How long the relay sleeps (unless woken) after `failures` failed passes in a row: the poll interval,
    doubling per failure, at most MAX_BACKOFF_S."""
    return poll_s if failures == 0 else min(poll_s * 2**failures, MAX_BACKOFF_S)


class OutboxRelay:
    """Publishes committed outbox rows to JetStream; woken by NOTIFY, with a polling fallback."""

    def __init__(
        self,
        *,
        pool: asyncpg.Pool,
        broker: NatsBroker,
        dsn: str,
        metrics: PlumbingMetrics,
        service: str,
        poll_interval_s: float = 1.0,
        batch_size: int = 200,
    ) -> None:
        self._pool = pool
        self._broker = broker
        self._dsn = dsn
        self._metrics = metrics
        self._service = service
        self._poll = poll_interval_s
        self._batch = batch_size
        self._wake = asyncio.Event()
        self._listener: asyncpg.Connection | None = None
        self._in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._metrics_due = 0.0

    async def run(self) -> None:
        """Relay until cancelled. Errors back off and retry; they never stop the loop."""
        failures = 0
        while True:
            try:
                await self._ensure_listener()
                while await self.relay_once() == self._batch:
                    pass
                if time.monotonic() >= self._metrics_due:  # at most once per poll interval, not per NOTIFY
                    await self.refresh_backlog_metrics()
                    self._metrics_due = time.monotonic() + self._poll
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception:
                failures += 1
                log.warning("outbox relay pass failed", exc_info=True)
            delay = relay_delay_s(failures, poll_s=self._poll)
            await wait_for_wake(self._wake, delay)
            self._wake.clear()

    async def close(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            await self._listener.close()

    async def relay_once(self) -> int:
        """Publish one batch; return how many rows were taken (published or not).

        The rows are marked published as they are taken (one statement with the row locks), and the mark commits
        only after every publish was acked; a crash or a rollback in between leaves them unmarked, and the next
        pass republishes them with the same ids, which JetStream drops as duplicates."""
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                # The stored JSON text as it is: decoding the jsonb into dicts only for FastStream to encode them
                # again cost a relay most of its CPU for large events (assessments).
                "UPDATE outbox SET published_at = now() WHERE id IN (SELECT id FROM outbox"
                "   WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)"
                " RETURNING id, event_id, subject, envelope::text AS body, correlation_id",
                self._batch,
            )
            if not rows:
                return 0
            results = await asyncio.gather(*(self._publish(r) for r in rows), return_exceptions=True)
            failpoint("relay.after_publish_before_mark")
            failed = [(r["id"], repr(res)[:500])
                      for r, res in zip(rows, results, strict=True) if isinstance(res, BaseException)]
            if failed:
                await conn.executemany(
                    "UPDATE outbox SET published_at = NULL, attempts = attempts + 1, last_error = $2 WHERE id = $1",
                    failed,
                )
        self._metrics.outbox_published.labels(self._service).inc(len(rows) - len(failed))
        if failed:
            self._metrics.outbox_publish_errors.labels(self._service).inc(len(failed))
            raise RuntimeError(f"{len(failed)} of {len(rows)} outbox publishes failed; will retry")
        return len(rows)

    async def _publish(self, row: asyncpg.Record) -> None:
        async with self._in_flight:
            # A timeout does not mean "not stored": the retry carries the same id and is deduplicated.
            status = "error"
            try:
                await self._broker.publish(
                    row["body"].encode(),
                    row["subject"],
                    headers={"Nats-Msg-Id": str(row["event_id"]), "content-type": "application/json"},
                    correlation_id=row["correlation_id"],
                    stream=EVENTS_STREAM,
                    timeout=PUBLISH_TIMEOUT_S,
                )
                status = "success"
            finally:
                # `faststream_published_messages_total`, as FastStream's middleware counted it (broker.py).
                self._metrics.published.labels(self._service, "nats", row["subject"], status).inc()

    async def refresh_backlog_metrics(self) -> None:
        async with self._pool.acquire() as conn:
            row = await conn.fetchrow(
                "SELECT count(*) AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS age "
                "FROM outbox WHERE published_at IS NULL"
            )
        self._metrics.outbox_pending.labels(self._service).set(row["n"])
        self._metrics.outbox_oldest_age.labels(self._service).set(float(row["age"]))

    async def _ensure_listener(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        # LISTEN needs its own connection: a pooled one loses its listeners when released.
        listener = await asyncpg.connect(self._dsn)
        await listener.add_listener("outbox", lambda *_: self._wake.set())
        # After a database restart the socket is dead: forget it so the next pass reconnects.
        listener.add_termination_listener(lambda *_: setattr(self, "_listener", None))
        self._listener = listener
