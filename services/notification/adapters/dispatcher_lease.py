"""A dispatcher's lease in `dispatchers`: renewed while its process lives, so the 'sending' rows it claimed are
taken over by another dispatcher only once it has died (adapters/emails.claim_due)."""
from __future__ import annotations

import uuid

import asyncpg

# Leases not renewed for this long belong to processes that are long gone: their rows are dropped.
FORGET_AFTER = "1 day"


class PgDispatcherLease:
    def __init__(self, pool: asyncpg.Pool, *, owner: uuid.UUID) -> None:
        self._pool = pool
        self.owner = owner

    async def renew(self) -> None:
        async with self._pool.acquire() as conn:
            await conn.execute("INSERT INTO dispatchers (id) VALUES ($1)"
                               " ON CONFLICT (id) DO UPDATE SET seen_at = now()", self.owner)

    async def retire(self) -> None:
        """A clean stop: what this dispatcher left in 'sending' is free for the others at once."""
        async with self._pool.acquire() as conn:
            await conn.execute("DELETE FROM dispatchers WHERE id = $1"
                               f" OR seen_at < now() - interval '{FORGET_AFTER}'", self.owner)
