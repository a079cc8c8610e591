"""Building blocks for plumbing tests: a database with the messaging tables, a broker, a JetStream view."""
from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import nats
from pydantic import BaseModel

from shared.contracts.envelope import Envelope, new_envelope
from shared.db import create_pool
from shared.messaging.broker import make_broker
from shared.messaging.provision import ensure_stream
from shared.messaging.schema import OUTBOX_ENVELOPE_AS_TEXT, PLUMBING_DDL
from shared.messaging.streams import EVENTS_STREAM
from shared.metrics import PlumbingMetrics, plumbing_metrics


class Ping(BaseModel):
    n: int


def ping_envelope(n: int, *, subject: str) -> Envelope[Ping]:
    return new_envelope(Ping(n=n), subject=subject, producer="test", correlation_id=f"corr-{n}")


async def plumbing_pool(dsn: str) -> asyncpg.Pool:
    pool = await create_pool(dsn, min_size=1, max_size=8)
    async with pool.acquire() as conn:
        await conn.execute(PLUMBING_DDL)
        await conn.execute(OUTBOX_ENVELOPE_AS_TEXT)  # as every service's migrations leave it
    return pool


@asynccontextmanager
async def jetstream(url: str) -> AsyncIterator[nats.js.JetStreamContext]:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await ensure_stream(js)
        yield js
    finally:
        await nc.close()


async def messages_on(js: nats.js.JetStreamContext, subject: str) -> list[tuple[str, bytes]]:
    """(Nats-Msg-Id, body) of every message stored for `subject`, read without a consumer."""
    out = []
    info = await js.stream_info(EVENTS_STREAM)
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        try:
            msg = await js.get_msg(EVENTS_STREAM, seq)
        except Exception:
            continue
        if msg.subject == subject:
            out.append(((msg.headers or {}).get("Nats-Msg-Id", ""), msg.data))
    return out


def unique_subject(prefix: str = "intake.test") -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}.happened.v1"


def new_metrics() -> PlumbingMetrics:
    return plumbing_metrics(f"test{uuid.uuid4().hex[:6]}")


def new_broker(url: str, metrics: PlumbingMetrics):
    return make_broker(nats_url=url, service="test", metrics=metrics)
