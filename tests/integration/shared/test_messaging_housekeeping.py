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


async def test_old_published_events_inbox_rows_and_closed_dead_letters_go_everything_else_stays(fresh_db) -> None:
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
        for n, closed in enumerate(("retried_at = now() - interval '20 days'",  # closed long ago: goes
                                    "archived_at = now() - interval '20 days'",  # likewise
                                    "archived_at = now() - interval '2 days'",  # closed lately: stays
                                    "retried_at = NULL")):  # open, however old: stays
            await conn.execute("INSERT INTO dead_letters (consumer, subject, stream_seq, deliveries, error_class,"
                               " error, body, created_at)"
                               " VALUES ('c', 's', $1, 1, 'E', 'e', $2, now() - interval '30 days')", n, b"{}")
            await conn.execute(f"UPDATE dead_letters SET {closed} WHERE stream_seq = $1", n)

    purged = await purge_messaging_tables(pool, retention_s=15 * DAY_S, batch=2)  # several batches

    assert purged == (5, 3, 2)
    async with pool.acquire() as conn:
        assert sorted(r["subject"] for r in await conn.fetch("SELECT subject FROM outbox")) == [
            "test.never.v1", "test.young.v1"]
        assert [r["event_id"] for r in await conn.fetch("SELECT event_id FROM inbox")] == [young]
        assert [r["stream_seq"] for r in await conn.fetch("SELECT stream_seq FROM dead_letters ORDER BY 1")] == [2, 3]
    assert await purge_messaging_tables(pool, retention_s=15 * DAY_S) == (0, 0, 0)  # nothing left to do
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
