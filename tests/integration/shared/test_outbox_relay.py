"""The transactional outbox against a real PostgreSQL and a real nats-server."""
from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys

from shared.messaging.outbox import OutboxRelay, add_to_outbox

from .helpers import jetstream, messages_on, new_broker, new_metrics, ping_envelope, plumbing_pool, unique_subject


async def _relay(pool, servers, dsn):
    metrics = new_metrics()
    broker = new_broker(servers.nats_url, metrics)
    await broker.connect()
    async with jetstream(servers.nats_url):
        pass  # provisions the stream
    return OutboxRelay(pool=pool, broker=broker, dsn=dsn, metrics=metrics, service="test"), broker


async def test_committed_events_are_published_once_with_their_event_id(servers, fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    subject = unique_subject()
    envelopes = [ping_envelope(i, subject=subject) for i in range(5)]
    async with pool.acquire() as conn, conn.transaction():
        for env in envelopes:
            await add_to_outbox(conn, env, subject)
    relay, broker = await _relay(pool, servers, fresh_db)
    assert await relay.relay_once() == 5
    async with jetstream(servers.nats_url) as js:
        stored = await messages_on(js, subject)
    assert sorted(mid for mid, _ in stored) == sorted(str(e.event_id) for e in envelopes)
    assert {json.loads(body)["payload"]["n"] for _, body in stored} == set(range(5))
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0
    await broker.stop()
    await pool.close()


async def test_rolled_back_transaction_publishes_nothing(servers, fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    subject = unique_subject()

    class Boom(Exception):
        pass

    try:
        async with pool.acquire() as conn, conn.transaction():
            await add_to_outbox(conn, ping_envelope(1, subject=subject), subject)
            raise Boom
    except Boom:
        pass
    relay, broker = await _relay(pool, servers, fresh_db)
    assert await relay.relay_once() == 0
    async with jetstream(servers.nats_url) as js:
        assert await messages_on(js, subject) == []
    await broker.stop()
    await pool.close()


async def test_relay_killed_between_publish_and_mark_republishes_without_duplicates(servers, fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    subject = unique_subject()
    envelopes = [ping_envelope(i, subject=subject) for i in range(10)]
    async with pool.acquire() as conn, conn.transaction():
        for env in envelopes:
            await add_to_outbox(conn, env, subject)

    crashed = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "tests.integration.shared.relay_crash", fresh_db, servers.nats_url],
        capture_output=True, timeout=60,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()[-2000:]
    async with jetstream(servers.nats_url) as js:
        assert len(await messages_on(js, subject)) == 10  # published before the crash ...
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 10  # ... not marked

    relay, broker = await _relay(pool, servers, fresh_db)
    assert await relay.relay_once() == 10
    async with jetstream(servers.nats_url) as js:
        stored = await messages_on(js, subject)
    assert sorted(mid for mid, _ in stored) == sorted(str(e.event_id) for e in envelopes)  # deduplicated
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0
    await broker.stop()
    await pool.close()


async def test_relay_wakes_on_notify_and_drains_backlog(servers, fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    subject = unique_subject()
    relay, broker = await _relay(pool, servers, fresh_db)
    relay._poll = 30.0  # only NOTIFY can wake it within the test's wait
    task = asyncio.create_task(relay.run())
    try:
        async with jetstream(servers.nats_url) as js:
            await asyncio.sleep(0)  # let the relay take its first (empty) pass and start listening
            for i in range(3):
                async with pool.acquire() as conn, conn.transaction():
                    await add_to_outbox(conn, ping_envelope(i, subject=subject), subject)
            from tests.support.waiting import eventually

            async def published() -> bool:
                return len(await messages_on(js, subject)) == 3

            await eventually(published, timeout=10, what="3 messages relayed after NOTIFY")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await relay.close()
        await broker.stop()
        await pool.close()


async def test_a_failed_publish_stays_unmarked_with_its_error_and_the_others_are_marked(servers, fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    subject = unique_subject()
    good = ping_envelope(1, subject=subject)
    nowhere = "nowhere.test.ping.v1"  # no stream takes it: JetStream answers "no responders"
    bad = ping_envelope(2, subject=nowhere)
    async with pool.acquire() as conn, conn.transaction():
        await add_to_outbox(conn, good, subject)
        await add_to_outbox(conn, bad, nowhere)
    relay, broker = await _relay(pool, servers, fresh_db)
    try:
        await relay.relay_once()
        raise AssertionError("a failed publish must fail the pass, so the relay backs off and retries")
    except RuntimeError as exc:
        assert "1 of 2" in str(exc)
    async with pool.acquire() as conn:
        rows = {r["event_id"]: r for r in await conn.fetch("SELECT event_id, published_at, attempts, last_error"
                                                           " FROM outbox")}
    assert rows[good.event_id]["published_at"] is not None and rows[good.event_id]["attempts"] == 0
    assert rows[bad.event_id]["published_at"] is None and rows[bad.event_id]["attempts"] == 1
    assert rows[bad.event_id]["last_error"]
    async with jetstream(servers.nats_url) as js:
        assert [mid for mid, _ in await messages_on(js, subject)] == [str(good.event_id)]
    await broker.stop()
    await pool.close()
