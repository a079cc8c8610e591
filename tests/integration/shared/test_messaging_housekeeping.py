"""The messaging housekeeping against a real PostgreSQL: what goes, what stays."""
from __future__ import annotations

import uuid

from shared.messaging.housekeeping import purge_messaging_tables
from shared.messaging.outbox import add_to_outbox

from .helpers import ping_envelope, plumbing_pool

DAY_S = 24 * 3600


async def _outbox_row(conn, n: int, *, subject: str, published_days_ago: float | None) -> None:
    await add_to_outbox(conn, ping_envelope(n, subject=subject), subject)
    if published_days_ago is not None:
        await conn.execute("UPDATE outbox SET published_at = now() - make_interval(days => $1)"
                           " WHERE id = (SELECT max(id) FROM outbox)", published_days_ago)


async def test_old_published_events_and_inbox_rows_go_everything_else_stays(fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    async with pool.acquire() as conn:
        for n in range(5):
            await _outbox_row(conn, n, subject="test.old.v1", published_days_ago=20)
        await _outbox_row(conn, 10, subject="test.young.v1", published_days_ago=2)
        await _outbox_row(conn, 11, subject="test.never.v1", published_days_ago=None)  # created long ago, unpublished
        await conn.execute("UPDATE outbox SET created_at = now() - interval '30 days' WHERE subject = 'test.never.v1'")
        old, young = [uuid.uuid4() for _ in range(3)], uuid.uuid4()
        await conn.executemany("INSERT INTO inbox (consumer, event_id, received_at)"
                               " VALUES ('c', $1, now() - interval '20 days')", [(e,) for e in old])
        await conn.execute("INSERT INTO inbox (consumer, event_id) VALUES ('c', $1)", young)

    purged = await purge_messaging_tables(pool, retention_s=15 * DAY_S, batch=2)  # several batches

    assert (purged.outbox, purged.inbox) == (5, 3)
    async with pool.acquire() as conn:
        assert sorted(r["subject"] for r in await conn.fetch("SELECT subject FROM outbox")) == [
            "test.never.v1", "test.young.v1"]
        assert [r["event_id"] for r in await conn.fetch("SELECT event_id FROM inbox")] == [young]
    assert await purge_messaging_tables(pool, retention_s=15 * DAY_S) == (0, 0)  # nothing left to do
    await pool.close()


async def test_rows_a_service_still_needs_stay_however_old(fresh_db) -> None:
    pool = await plumbing_pool(fresh_db)
    async with pool.acquire() as conn:
        await _outbox_row(conn, 1, subject="test.needed.v1", published_days_ago=40)
        await _outbox_row(conn, 2, subject="test.done.v1", published_days_ago=40)

    purged = await purge_messaging_tables(pool, retention_s=15 * DAY_S, kept_while="outbox.subject = 'test.needed.v1'")

    assert purged.outbox == 1
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT subject FROM outbox") == "test.needed.v1"
    await pool.close()
