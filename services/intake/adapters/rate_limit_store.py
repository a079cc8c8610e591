"""The rate limit's counters in PostgreSQL, so every intake replica counts against one budget per client.

A `limits` storage (the library keeps the strategy; this module only keeps counters): one row per key, reset in
the same statement when its window has expired. Expired rows are swept now and then by whichever replica counts.
"""
from __future__ import annotations

from collections.abc import Callable

import asyncpg
from limits.aio.storage import Storage

SWEEP_EVERY = 500  # counts between two deletions of expired rows (per replica)

_INCR = """
INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3))
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN c.expires_at <= clock_timestamp() THEN EXCLUDED.hits ELSE c.hits + EXCLUDED.hits END,
    expires_at = CASE WHEN c.expires_at <= clock_timestamp() THEN EXCLUDED.expires_at ELSE c.expires_at END
RETURNING hits
"""


class PgRateLimitStorage(Storage):
    """`pool` is called on each use: the middleware is built before the service's pool exists."""

    STORAGE_SCHEME = ["intake-postgresql"]

    def __init__(self, pool: Callable[[], asyncpg.Pool]) -> None:
        super().__init__("intake-postgresql://")
        self._pool = pool
        self._since_sweep = 0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return (asyncpg.PostgresError, OSError)

    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        async with self._pool().acquire() as conn:
            hits = int(await conn.fetchval(_INCR, key, amount, float(expiry)))
            self._since_sweep += 1
            if self._since_sweep >= SWEEP_EVERY:
                self._since_sweep = 0
                await conn.execute("DELETE FROM rate_limit_counters WHERE expires_at < clock_timestamp()")
        return hits

    async def get(self, key: str) -> int:
        async with self._pool().acquire() as conn:
            hits = await conn.fetchval("SELECT hits FROM rate_limit_counters WHERE key = $1"
                                       " AND expires_at > clock_timestamp()", key)
        return int(hits or 0)

    async def get_expiry(self, key: str) -> float:
        async with self._pool().acquire() as conn:
            at = await conn.fetchval("SELECT extract(epoch FROM greatest(expires_at, clock_timestamp()))"
                                     " FROM rate_limit_counters WHERE key = $1", key)
            if at is None:
                at = await conn.fetchval("SELECT extract(epoch FROM clock_timestamp())")
        return float(at)

    async def check(self) -> bool:
        try:
            async with self._pool().acquire() as conn:
                await conn.fetchval("SELECT 1")
        except Exception:
            return False
        return True

    async def reset(self) -> int | None:
        async with self._pool().acquire() as conn:
            status = await conn.execute("DELETE FROM rate_limit_counters")
        return int(status.split()[-1])

    async def clear(self, key: str) -> None:
        async with self._pool().acquire() as conn:
            await conn.execute("DELETE FROM rate_limit_counters WHERE key = $1", key)
