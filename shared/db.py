"""asyncpg pool and schema migrations (Alembic, one migration folder per service)."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import orjson
from alembic import command
from alembic.config import Config


def _json_text(value: Any) -> str:
    # orjson, not json.dumps: jsonb encoding was the largest single item of assessment's CPU (profiles, ADR 8).
    # OPT_NON_STR_KEYS: json.dumps turns int keys into strings too.
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


async def _init_connection(conn: asyncpg.Connection) -> None:
    # Without a codec asyncpg hands jsonb back as str.
    for typ in ("json", "jsonb"):
        await conn.set_type_codec(typ, encoder=_json_text, decoder=orjson.loads, schema="pg_catalog")


async def _reset_connection(conn: asyncpg.Connection) -> None:
    # asyncpg's default reset (unlock advisory locks, CLOSE ALL, UNLISTEN *, RESET ALL) costs a round trip on
    # every release; our pooled connections never keep session state (LISTEN and session locks use their own
    # connections), so only an unfinished transaction needs undoing (ADR 8).
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


async def create_pool(dsn: str, *, min_size: int = 2, max_size: int = 10) -> asyncpg.Pool:
    """A pool whose connections decode json/jsonb to Python objects."""
    return await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection, reset=_reset_connection,
        command_timeout=30,
    )


def sqlalchemy_url(dsn: str) -> str:
    """Alembic speaks SQLAlchemy URLs; the services speak libpq URLs."""
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(scheme="postgresql+psycopg"))


def migrate(dsn: str, migrations_dir: Path) -> None:
    """Upgrade the database to the newest revision in `migrations_dir` (blocking)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", sqlalchemy_url(dsn).replace("%", "%%"))
    command.upgrade(cfg, "head")


async def migrate_async(dsn: str, migrations_dir: Path) -> None:
    """`migrate` without blocking the event loop."""
    await asyncio.to_thread(migrate, dsn, migrations_dir)


async def ensure_database(dsn: str) -> None:
    """Create the database named in `dsn` if it does not exist (dev and test convenience)."""
    parts = urlsplit(dsn)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    conn = await asyncpg.connect(admin)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


# Errors that mean "the database is unreachable right now", not "the request is wrong".
DB_UNAVAILABLE: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,
    asyncpg.TooManyConnectionsError,
    asyncpg.AdminShutdownError,
    # A connection cut mid-statement (e.g. the server was killed during COMMIT) can leave asyncpg's protocol in a
    # state it reports this way; the outcome is unknown, which callers with idempotency keys can safely retry.
    asyncpg.InternalClientError,
)
