"""Microbenchmarks behind round 4 of issue 20 (docs/performance.md): what one consumed message costs in the consumer
process, and what storing and relaying one large envelope costs PostgreSQL, each variant on the same servers.

    python -m bench.micro        -> bench/results/micro-<UTC>.json

`consume`: CPU µs per message (the consuming process's CPU time over N messages fetched 16 at a time and acked) for
FastStream with its defaults, FastStream as `shared/messaging` configures it, and plain nats-py.
`storage`: the PostgreSQL backend's CPU µs per envelope (an assessment's 22 KB `assessment.completed`, captured from a
`make bench` run: bench/samples/) for the INSERT and for the relay's UPDATE ... RETURNING envelope::text, by column
type and storage.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import nats
import psutil
from faststream import AckPolicy
from faststream.nats import JStream, NatsBroker, PullSub
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig

from devstack.nats import NatsServer
from devstack.postgres import PostgresServer
from shared.db import ensure_database

from .config import RESULTS_DIR

SAMPLE = Path(__file__).parent / "samples" / "assessment-completed-envelope.json"
MESSAGES = int(os.environ.get("BENCH_MICRO_MESSAGES", "6000"))
ROWS = int(os.environ.get("BENCH_MICRO_ROWS", "1000"))
ROUNDS = int(os.environ.get("BENCH_MICRO_ROUNDS", "3"))
FETCH = 16  # ConsumerPolicy.batch_size

CONSUMERS = {
    "faststream_defaults": {"apply_types": True, "no_reply": False},
    "faststream_as_configured": {"apply_types": False, "no_reply": True},  # shared/messaging/broker.py, consumer.py
}
STORAGE = [("jsonb", "EXTENDED"), ("jsonb", "EXTERNAL"), ("json", "EXTERNAL")]


async def _fill(js: Any, stream: str, body: bytes) -> None:
    await js.add_stream(name=stream, subjects=[f"{stream}.event"])
    acks = [await js.publish_async(f"{stream}.event", body) for _ in range(MESSAGES)]
    await asyncio.gather(*acks)


async def _message_itself(msg: Any) -> Any:
    return msg


async def consume_faststream(url: str, js: Any, name: str, body: bytes, *, apply_types: bool, no_reply: bool) -> float:
    await _fill(js, name, body)
    quiet = logging.getLogger("bench.micro.broker")
    quiet.setLevel(logging.WARNING)
    broker = NatsBroker(url, logger=quiet, log_level=logging.DEBUG, apply_types=apply_types)
    done = asyncio.Event()
    seen = 0

    async def handle(msg):  # unannotated, as consumer.py's on_message
        nonlocal seen
        seen += 1
        if seen >= MESSAGES:
            done.set()

    broker.subscriber(f"{name}.event", stream=JStream(name=name, declare=False), durable=name,
                      pull_sub=PullSub(batch_size=FETCH, timeout=5), decoder=_message_itself, no_reply=no_reply,
                      config=ConsumerConfig(durable_name=name, ack_policy=JsAckPolicy.EXPLICIT),
                      ack_policy=AckPolicy.NACK_ON_ERROR)(handle)
    await broker.connect()
    started = time.process_time()
    await broker.start()
    await done.wait()
    used = time.process_time() - started
    await broker.stop()
    return used / MESSAGES * 1e6


async def consume_raw(js: Any, name: str, body: bytes) -> float:
    await _fill(js, name, body)
    sub = await js.pull_subscribe(f"{name}.event", durable=name, stream=name)
    started, seen = time.process_time(), 0
    while seen < MESSAGES:
        for msg in await sub.fetch(FETCH, timeout=5):
            await msg.ack()
            seen += 1
    return (time.process_time() - started) / MESSAGES * 1e6


async def consume(url: str) -> dict[str, list[float]]:
    small = json.dumps({"event_id": "0" * 36, "payload": {"x": "y" * 400}}).encode()
    nc = await nats.connect(url)
    js = nc.jetstream()
    out: dict[str, list[float]] = {}
    try:
        for r in range(ROUNDS):
            for variant, options in CONSUMERS.items():
                us = await consume_faststream(url, js, f"M{variant.upper()}{r}", small, **options)
                out.setdefault(variant, []).append(round(us, 1))
            out.setdefault("nats_py_raw", []).append(round(await consume_raw(js, f"MRAW{r}", small), 1))
    finally:
        await nc.close()
    return out


async def storage(dsn: str) -> dict[str, dict[str, list[float]]]:
    envelope = SAMPLE.read_text()
    conn = await asyncpg.connect(dsn)
    backend = psutil.Process(await conn.fetchval("SELECT pg_backend_pid()"))

    def cpu() -> float:
        t = backend.cpu_times()
        return t.user + t.system

    out: dict[str, dict[str, list[float]]] = {}
    try:
        for _ in range(ROUNDS):
            for typ, mode in STORAGE:
                await conn.execute("DROP TABLE IF EXISTS micro_outbox")
                await conn.execute(f"CREATE TABLE micro_outbox (id bigserial PRIMARY KEY, envelope {typ} NOT NULL,"
                                   " published_at timestamptz)")
                await conn.execute(f"ALTER TABLE micro_outbox ALTER COLUMN envelope SET STORAGE {mode}")
                insert = await conn.prepare(f"INSERT INTO micro_outbox (envelope) VALUES ($1::text::{typ})")
                before = cpu()
                async with conn.transaction():
                    for _ in range(ROWS):
                        await insert.fetch(envelope)
                inserted = cpu()
                for _ in range(0, ROWS, 100):  # the relay's statement, 100 rows a pass
                    await conn.fetch("UPDATE micro_outbox SET published_at = now() WHERE id IN (SELECT id FROM"
                                     " micro_outbox WHERE published_at IS NULL ORDER BY id LIMIT 100)"
                                     " RETURNING envelope::text")
                relayed = cpu()
                row = out.setdefault(f"{typ} {mode}", {"insert_us": [], "relay_read_us": []})
                row["insert_us"].append(round((inserted - before) / ROWS * 1e6))
                row["relay_read_us"].append(round((relayed - inserted) / ROWS * 1e6))
    finally:
        await conn.execute("DROP TABLE IF EXISTS micro_outbox")
        await conn.close()
    return out


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="defence-micro-") as var:
        nats_server, postgres = NatsServer(Path(var) / "nats"), PostgresServer(Path(var) / "pgdata")
        nats_server.start()
        postgres.start()
        try:
            dsn = postgres.dsn("micro")
            asyncio.run(ensure_database(dsn))
            result = {"kind": "micro", "messages": MESSAGES, "rows": ROWS, "rounds": ROUNDS,
                      "envelope_bytes": len(SAMPLE.read_bytes()),
                      "consume_cpu_us_per_message": asyncio.run(consume(nats_server.url)),
                      "storage_backend_cpu_us_per_envelope": asyncio.run(storage(dsn))}
        finally:
            nats_server.stop()
            postgres.stop()
    out_dir = Path(os.environ.get("BENCH_OUT") or RESULTS_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"micro-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"results: {path}")


if __name__ == "__main__":
    import uvloop  # as the services run

    uvloop.install()
    main()
