"""Fixtures for assessment against the session's real PostgreSQL."""
from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest_asyncio

from services.assessment.app import MIGRATIONS
from shared.db import create_pool, migrate_async


@pytest_asyncio.fixture
async def pool(fresh_db: str) -> AsyncIterator[asyncpg.Pool]:
    """A migrated assessment database of the test's own."""
    await migrate_async(fresh_db, MIGRATIONS)
    pool = await create_pool(fresh_db, min_size=1, max_size=2)
    yield pool
    await pool.close()
