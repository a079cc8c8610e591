"""The per-client rate limit is one budget for every intake replica: two middlewares (two replicas) count in the
same PostgreSQL table."""
from __future__ import annotations

import asyncpg
import httpx

from services.intake.adapters.rate_limit_store import PgRateLimitStorage
from services.intake.app import MIGRATIONS
from services.intake.entrypoints.rate_limit import RateLimit
from shared.db import create_pool, migrate_async


async def _ok(scope_: dict, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def test_two_replicas_share_one_budget_per_client(fresh_db: str) -> None:
    await migrate_async(fresh_db, MIGRATIONS)
    pool: asyncpg.Pool = await create_pool(fresh_db, min_size=1, max_size=4)
    try:
        replicas = [RateLimit(_ok, limit="3/minute", storage=PgRateLimitStorage(lambda: pool)) for _ in range(2)]

        def client(app: RateLimit, peer: str) -> httpx.AsyncClient:
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(peer, 1)), base_url="http://t")

        async with client(replicas[0], "198.51.100.1") as a1, client(replicas[1], "198.51.100.1") as a2, \
                client(replicas[1], "198.51.100.2") as b:
            codes = [(await c.post("/api/v1/enquiries")).status_code for c in (a1, a2, a1, a2)]
            assert codes == [200, 200, 200, 429], "the fourth post within the minute is refused, whichever replica"
            refused = await a1.post("/api/v1/enquiries")
            assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
            assert (await b.post("/api/v1/enquiries")).status_code == 200, "another client has its own budget"
        async with pool.acquire() as conn:
            assert await conn.fetchval("SELECT count(*) FROM rate_limit_counters") == 2
    finally:
        await pool.close()


async def test_an_expired_window_starts_again(fresh_db: str) -> None:
    await migrate_async(fresh_db, MIGRATIONS)
    pool: asyncpg.Pool = await create_pool(fresh_db, min_size=1, max_size=2)
    try:
        storage = PgRateLimitStorage(lambda: pool)
        assert [await storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
        async with pool.acquire() as conn:
            await conn.execute("UPDATE rate_limit_counters SET expires_at = now() - interval '1 second'")
        assert await storage.get("k") == 0
        assert await storage.incr("k", 60) == 1
    finally:
        await pool.close()
