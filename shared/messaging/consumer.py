"""Safe JetStream consumers: explicit acks, bounded redelivery with delay, inbox, dead letters.

Every service lists its subscriptions as `Subscription`s in one table and registers them with
`register()`. The handler runs inside one database transaction together with the inbox insert, so a
redelivered event changes nothing, and the message is acked only after that transaction committed.

The messages of one fetch (FastStream starts them together) run in ONE transaction with one multi-row inbox
insert, because a commit per message was most of a consumer's cost (ADR 6). If anything in that batch fails,
it is rolled back as a whole and each of its messages runs again alone, in its own transaction, with the
outcomes below; redeliveries always run alone. Effects outside the database that must follow the commit (metric
counts) go through `after_commit`.

Outcomes:
- payload does not parse                    -> dead letter at once, term (it will never parse)
- handler raises PermanentError             -> dead letter at once, term
- handler raises anything else (DB down...) -> nak with a growing delay; after max_deliver: dead letter
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import json
import logging
import time
import typing
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import asyncpg
from faststream import AckPolicy
from faststream.exceptions import NackMessage, RejectMessage
from faststream.nats import NatsBroker, NatsMessage, PullSub
from pydantic import BaseModel, ValidationError

from ..contracts.envelope import Envelope
from ..failpoints import failpoint
from ..logs import log_context
from ..metrics import PlumbingMetrics
from . import inbox
from .provision import consumer_config
from .streams import EVENTS

log = logging.getLogger(__name__)

P = TypeVar("P", bound=BaseModel)

# A consumer's handler: the parsed event and the connection of the transaction it runs in (with the inbox insert).
Handler = Callable[[Envelope[P], asyncpg.Connection], Awaitable[None]]


S = TypeVar("S")


def handled_with(store: Callable[[asyncpg.Connection], S],
                 use_case: Callable[[Envelope[P], S], Awaitable[None]]) -> Handler[P]:
    """The consumer handler for an event use case: it sees the consumer transaction's connection only through the
    service's store (`store(conn)`, an adapter implementing the use case's port). Bind a use case's other named
    dependencies first with `functools.partial`."""
    async def handle(envelope: Envelope[P], conn: asyncpg.Connection) -> None:
        await use_case(envelope, store(conn))

    inner = getattr(use_case, "func", use_case)  # a partial names its function
    handle.__name__ = handle.__qualname__ = getattr(inner, "__name__", "handle")
    handle.__wrapped__ = inner  # type: ignore[attr-defined]  # read by handled_payload(), like functools.wraps
    return handle


def handled_payload(handler: Callable[..., Any]) -> type[BaseModel] | None:
    """The payload class a handler declares (`envelope: Envelope[X]` as its first parameter), looking through
    `handled_with`, `functools.partial` and `functools.wraps`; None if it declares none."""
    fn: Any = handler
    while True:
        if isinstance(fn, functools.partial):
            fn = fn.func
        elif hasattr(fn, "__wrapped__"):
            fn = fn.__wrapped__
        else:
            break
    try:
        hints = typing.get_type_hints(fn)
    except (NameError, TypeError):
        return None
    params = [name for name in inspect.signature(fn).parameters if name in hints]
    if not params:
        return None
    args = getattr(hints[params[0]], "__pydantic_generic_metadata__", {}).get("args", ())
    declared = args[0] if len(args) == 1 else None
    # typing.Any is a class since 3.11: Envelope[Any] declares nothing.
    return declared if isinstance(declared, type) and declared is not typing.Any else None


class PermanentError(Exception):
    """The event can never be processed as it is; retrying is pointless."""


_after_commit: ContextVar[list[Callable[[], None]] | None] = ContextVar("consumer_after_commit", default=None)


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the consumer transaction the current handler runs in has committed; never if it is
    rolled back. Outside a consumer (a test calling a handler directly) it runs at once."""
    pending = _after_commit.get()
    if pending is None:
        callback()
    else:
        pending.append(callback)


@contextlib.asynccontextmanager
async def _transaction_then_after_commit(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A consumer transaction; the `after_commit` callbacks its handlers registered run once it committed."""
    callbacks: list[Callable[[], None]] = []
    token = _after_commit.set(callbacks)
    try:
        async with pool.acquire() as conn, conn.transaction():
            yield conn
    finally:
        _after_commit.reset(token)
    for callback in callbacks:  # only reached when the block, and so the COMMIT, succeeded
        callback()


Outcome = str  # "processed" | "duplicate"


def _lock_order(envelope: Envelope[Any]) -> str:
    """Batches of different consumers lock the same per-enquiry rows (intake's enquiry on `assessed` and on
    `case opened`); taking them in one global order, by enquiry id, keeps two batches from deadlocking (which
    PostgreSQL only notices after deadlock_timeout, and which would cost both batches a rollback)."""
    return str(getattr(envelope.payload, "enquiry_id", None) or "")


class _FetchBatch:
    """Gathers the messages FastStream starts together for one fetch and runs them through `run` as one batch.

    `submit` answers each message's outcome, or None: "not done, handle this message alone".
    """

    def __init__(self, run: Callable[[list[Envelope[Any]]], Awaitable[list[Outcome]]]) -> None:
        self._run = run
        self._waiting: list[tuple[Envelope[Any], asyncio.Future[Outcome | None]]] = []
        self._flush: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()  # the loop keeps only weak references to tasks

    async def submit(self, envelope: Envelope[Any]) -> Outcome | None:
        future: asyncio.Future[Outcome | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((envelope, future))
        if self._flush is None:
            self._flush = asyncio.create_task(self._flush_when_gathered())
            self._running.add(self._flush)
            self._flush.add_done_callback(self._running.discard)
        return await future

    async def _flush_when_gathered(self) -> None:
        # The tasks of one fetch start in the same loop iteration; yield until no more join.
        seen = -1
        while seen != len(self._waiting):
            seen = len(self._waiting)
            await asyncio.sleep(0)
        batch, self._waiting, self._flush = self._waiting, [], None
        outcomes: list[Outcome] | None = None
        try:
            if len(batch) > 1:
                outcomes = await self._run([envelope for envelope, _ in batch])
        except Exception:
            log.warning("batch transaction failed; its messages run alone", exc_info=True)
        finally:
            for i, (_, future) in enumerate(batch):
                if not future.done():
                    future.set_result(outcomes[i] if outcomes is not None else None)


@dataclass(frozen=True)
class Subscription(Generic[P]):
    """One row of a service's subscription table: which subject, which durable consumer, what it carries, what
    handles it and why. Generic in the payload, so a handler annotated for another payload is a type error."""

    subject: str
    durable: str
    payload: type[P]
    handler: Handler[P]
    description: str = ""

    def __post_init__(self) -> None:
        # mypy checks a row built alone; inside a table typed list[Subscription[Any]] or through a partial it
        # cannot, so the row checks the handler's declared payload itself when the table is built.
        declared = handled_payload(self.handler)
        if declared is not None and declared is not self.payload:
            raise TypeError(f"subscription {self.durable}: the handler takes Envelope[{declared.__name__}], "
                            f"the row carries {self.payload.__name__}")


@dataclass(frozen=True)
class ConsumerPolicy:
    retry_delays_s: tuple[float, ...]
    ack_wait_s: float = 15.0
    batch_size: int = 16
    # A waiting fetch returns with the first message (test_consumer_batches.py keeps that true), so this only sets
    # how often an idle consumer asks again: short waits cost CPU at rest, long ones keep a pull request on a failed
    # NATS node longer (ADR 6, ADR 8).
    fetch_wait_s: float = 5.0

    @property
    def max_deliver(self) -> int:
        return len(self.retry_delays_s) + 1


def register(
    broker: NatsBroker,
    sub: Subscription[Any],
    *,
    pool: asyncpg.Pool,
    policy: ConsumerPolicy,
    metrics: PlumbingMetrics,
    service: str,
) -> None:
    """Attach `sub` to `broker` as a durable pull consumer with explicit ack handling."""
    envelope_type: type[Envelope[Any]] = Envelope[sub.payload]  # type: ignore[name-defined]  # a runtime type
    # The label lookups of the per-message counters, done once (a lookup takes a lock and hashes the labels).
    handled = {o: metrics.messages_handled.labels(service, sub.durable, o) for o in ("processed", "duplicate")}
    duplicates = metrics.inbox_duplicates.labels(service, sub.durable)

    async def dead_letter(msg: NatsMessage, error: BaseException, event_id: uuid.UUID | None) -> None:
        meta = msg.raw_message.metadata
        try:
            async with pool.acquire() as conn:
                await conn.execute(
                    "INSERT INTO dead_letters (consumer, subject, event_id, stream_seq, deliveries, error_class,"
                    " error, body, headers) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
                    " ON CONFLICT (consumer, stream_seq) DO NOTHING",
                    sub.durable, msg.raw_message.subject, event_id, meta.sequence.stream, meta.num_delivered,
                    type(error).__name__, str(error)[:2000], msg.body, dict(msg.headers or {}),
                )
        except Exception as exc:
            # Cannot record it: keep the message in JetStream rather than lose it.
            log.warning("dead letter not recorded; will redeliver", exc_info=True)
            raise NackMessage(delay=policy.retry_delays_s[-1]) from exc
        metrics.dead_letters.labels(service, sub.durable, type(error).__name__).inc()
        metrics.messages_handled.labels(service, sub.durable, "dead_lettered").inc()
        log.error("message dead-lettered", extra={"fields": {"consumer": sub.durable, "error": str(error)[:500]}})
        raise RejectMessage()

    async def run_batch(envelopes: list[Envelope[Any]]) -> list[Outcome]:
        async with _transaction_then_after_commit(pool) as conn:
            fresh = await inbox.claim_many(conn, consumer=sub.durable, event_ids=[e.event_id for e in envelopes])
            outcomes: list[Outcome] = ["duplicate"] * len(envelopes)
            for i in sorted(range(len(envelopes)), key=lambda i: _lock_order(envelopes[i])):
                envelope = envelopes[i]
                if envelope.event_id not in fresh:
                    continue
                fresh.discard(envelope.event_id)  # the same event twice in one fetch: the second is a duplicate
                with log_context(correlation_id=envelope.correlation_id, event_id=str(envelope.event_id)):
                    await sub.handler(envelope, conn)
                outcomes[i] = "processed"
            for _ in envelopes:
                failpoint(f"consumer.{sub.durable}.before_commit")
        for _ in envelopes:
            failpoint(f"consumer.{sub.durable}.after_commit_before_ack")
        return outcomes

    fetch_batch = _FetchBatch(run_batch)

    async def handle_alone(msg: NatsMessage, envelope: Envelope[Any], delivered: int) -> Outcome:
        try:
            async with _transaction_then_after_commit(pool) as conn:
                if not await inbox.claim(conn, consumer=sub.durable, event_id=envelope.event_id):
                    return "duplicate"
                await sub.handler(envelope, conn)
                failpoint(f"consumer.{sub.durable}.before_commit")
            failpoint(f"consumer.{sub.durable}.after_commit_before_ack")
        except PermanentError as exc:
            await dead_letter(msg, exc, envelope.event_id)
        except Exception as exc:
            if delivered >= policy.max_deliver:
                await dead_letter(msg, exc, envelope.event_id)
            delay = policy.retry_delays_s[min(delivered, len(policy.retry_delays_s)) - 1]
            metrics.messages_handled.labels(service, sub.durable, "retry").inc()
            log.warning(
                "handler failed; nak with delay",
                exc_info=True,
                extra={"fields": {"consumer": sub.durable, "delivery": delivered, "delay_s": delay}},
            )
            raise NackMessage(delay=delay) from exc
        return "processed"

    # The `faststream_*` series FastStream's Prometheus middleware exported (broker.py), bound once.
    received = metrics.received.labels(service, "nats", sub.subject)
    duration = metrics.received_duration.labels(service, "nats", sub.subject)
    processed = {s: metrics.received_processed.labels(service, "nats", sub.subject, s)
                 for s in ("acked", "nacked", "rejected", "error")}

    async def on_message(msg):  # unannotated on purpose: see _message_itself
        received.inc()
        started = time.perf_counter()
        status = "error"
        try:
            await consume(msg)
            status = "acked"
        except NackMessage:
            status = "nacked"
            raise
        except RejectMessage:
            status = "rejected"
            raise
        finally:
            duration.observe(time.perf_counter() - started)
            processed[status].inc()

    async def consume(msg: NatsMessage) -> None:
        delivered = msg.raw_message.metadata.num_delivered
        if delivered > 1:
            metrics.message_redeliveries.labels(service, sub.durable).inc()
        try:
            envelope = envelope_type.model_validate_json(msg.body)
        except (ValidationError, ValueError, json.JSONDecodeError) as exc:
            await dead_letter(msg, exc, None)
            return
        still_working = _InProgress(msg, interval_s=policy.ack_wait_s / 3)
        try:
            with log_context(correlation_id=envelope.correlation_id, event_id=str(envelope.event_id)):
                # A redelivery failed before (or its process died): it runs alone so it cannot hold others back.
                outcome = await fetch_batch.submit(envelope) if delivered == 1 else None
                if outcome is None:
                    outcome = await handle_alone(msg, envelope, delivered)
        finally:
            still_working.cancel()
        if outcome == "duplicate":
            duplicates.inc()
        handled[outcome].inc()

    on_message.__name__ = f"on_{sub.durable.replace('-', '_')}"
    on_message.__doc__ = sub.description or f"Consume {sub.subject}"
    broker.subscriber(
        sub.subject,
        stream=EVENTS,
        durable=sub.durable,
        pull_sub=PullSub(batch_size=policy.batch_size, timeout=policy.fetch_wait_s),
        config=consumer_config(
            durable=sub.durable, subject=sub.subject, max_deliver=policy.max_deliver, ack_wait_s=policy.ack_wait_s
        ),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        no_reply=True,  # events, not requests: nothing to answer, so FastStream need not look for a reply subject
        decoder=_message_itself,
        title=sub.durable,
        description=sub.description,
    )(on_message)


class _InProgress:
    """Tells JetStream every `interval_s` that a message is still being worked on, so that the short ack wait
    redelivers what a dead process held, never what a live but slow one is handling. A timer, not a task per
    message: most messages are done long before the first tick."""

    def __init__(self, msg: NatsMessage, *, interval_s: float) -> None:
        self._msg = msg
        self._interval_s = interval_s
        self._loop = asyncio.get_running_loop()
        self._timer = self._loop.call_later(interval_s, self._tick)
        self._pings: set[asyncio.Task[None]] = set()

    def _tick(self) -> None:
        ping = self._loop.create_task(self._ping())
        self._pings.add(ping)
        ping.add_done_callback(self._pings.discard)
        self._timer = self._loop.call_later(self._interval_s, self._tick)

    async def _ping(self) -> None:
        try:
            await self._msg.in_progress()
        except Exception:  # the ack wait then decides; nothing to handle here
            log.debug("in-progress signal not sent", exc_info=True)

    def cancel(self) -> None:
        self._timer.cancel()


async def _message_itself(msg: NatsMessage) -> NatsMessage:
    """FastStream decoder that hands the handler the message itself.

    The handler parses the body itself (to dead-letter what does not parse). With the usual `msg: NatsMessage`
    parameter FastStream still json-decoded every body for nothing and resolved the annotation through a worker
    thread per message (fast_depends runs sync resolvers in a thread pool): about a tenth of a consumer's CPU.
    An unannotated parameter gets this decoder's result as it is."""
    return msg


def consumer_configs(subs: list[Subscription[Any]], policy: ConsumerPolicy) -> list[Any]:
    """The server-side consumer configs for `subs`, for provisioning."""
    return [
        consumer_config(durable=s.durable, subject=s.subject, max_deliver=policy.max_deliver,
                        ack_wait_s=policy.ack_wait_s)
        for s in subs
    ]
