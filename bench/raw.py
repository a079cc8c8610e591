"""The machine's raw limits, against the same servers the system uses:
JetStream acked publishes/s and consume+ack/s (nats-py), PostgreSQL single-row insert commits/s (asyncpg)."""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import asyncpg
import nats
from nats.js.api import StorageType

from shared.db import ensure_database

RAW_STREAM = "BENCHRAW"
RAW_SUBJECT = "benchraw.event"
IN_FLIGHT = 100       # the ballpark in faststream-nats.md §7: no gain past about 100 in flight
PG_CONNECTIONS = 16
# About the size of an envelope's metadata; the real events are larger, which the ratios then show.
BODY = json.dumps({"event_id": "00000000-0000-0000-0000-000000000000", "event_type": "bench.raw",
                   "payload": {"x": "y" * 120}}).encode()


async def jetstream_limits(nats_url: str, *, messages: int) -> dict[str, Any]:
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    try:
        await js.add_stream(name=RAW_STREAM, subjects=[RAW_SUBJECT], storage=StorageType.FILE)
        gate = asyncio.Semaphore(IN_FLIGHT)

        async def publish(i: int) -> None:
            async with gate:
                await js.publish(RAW_SUBJECT, BODY, headers={"Nats-Msg-Id": f"raw-{i}"})

        started = time.perf_counter()
        await asyncio.gather(*(publish(i) for i in range(messages)))
        publish_s = time.perf_counter() - started

        sub = await js.pull_subscribe(RAW_SUBJECT, durable="benchraw")
        got = 0
        started = time.perf_counter()
        while got < messages:
            batch = await sub.fetch(batch=100, timeout=5)
            for msg in batch:
                await msg.ack()
            got += len(batch)
        consume_s = time.perf_counter() - started
        return {
            "messages": messages, "body_bytes": len(BODY), "publish_in_flight": IN_FLIGHT,
            "acked_publishes_per_s": round(messages / publish_s, 1),
            "consume_ack_per_s": round(got / consume_s, 1), "consume_fetch_batch": 100,
        }
    finally:
        try:
            await js.delete_stream(RAW_STREAM)
        finally:
            await nc.close()


async def postgres_commit_limit(dsn: str, *, seconds: float) -> dict[str, Any]:
    """Single-row INSERT, one commit each (autocommit), from 16 concurrent connections."""
    await ensure_database(dsn)
    setup = await asyncpg.connect(dsn)
    await setup.execute("DROP TABLE IF EXISTS bench_commits; "
                        "CREATE TABLE bench_commits (id bigserial PRIMARY KEY, at timestamptz NOT NULL "
                        "DEFAULT now(), body text NOT NULL)")
    conns = [await asyncpg.connect(dsn) for _ in range(PG_CONNECTIONS)]
    counts = [0] * PG_CONNECTIONS
    body = "x" * 200
    deadline = time.perf_counter() + seconds

    async def worker(i: int) -> None:
        stmt = await conns[i].prepare("INSERT INTO bench_commits (body) VALUES ($1)")
        while time.perf_counter() < deadline:
            await stmt.fetch(body)
            counts[i] += 1

    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker(i) for i in range(PG_CONNECTIONS)))
        elapsed = time.perf_counter() - started
        settings = {r["name"]: r["setting"] for r in await setup.fetch(
            "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method',"
            " 'commit_delay', 'shared_buffers')")}
        await setup.execute("DROP TABLE bench_commits")
    finally:
        for c in conns:
            await c.close()
        await setup.close()
    total = sum(counts)
    return {"connections": PG_CONNECTIONS, "seconds": round(elapsed, 3), "commits": total,
            "single_row_commits_per_s": round(total / elapsed, 1), "server_settings": settings}
