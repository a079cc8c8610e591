"""UnitOfWork over the pool: a connection per command, with or without a transaction, wrapped in a store."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Generic, TypeVar

import asyncpg

Store = TypeVar("Store")


class PgUnitOfWork(Generic[Store]):
    def __init__(self, pool: asyncpg.Pool, store: Callable[[asyncpg.Connection], Store]) -> None:
        self._pool = pool
        self._store = store

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Store]:
        async with self._pool.acquire() as conn, conn.transaction():
            yield self._store(conn)

    @contextlib.asynccontextmanager
    async def autocommit(self) -> AsyncIterator[Store]:
        async with self._pool.acquire() as conn:
            yield self._store(conn)
