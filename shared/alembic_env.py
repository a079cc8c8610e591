"""The body of every service's migrations/env.py: run migrations online, one at a time.

A session-level advisory lock serialises replicas that start together, so two of them never race on
the same upgrade.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool, text

_LOCK_KEY = 724_550_113  # arbitrary, constant across services: each has its own database


def run() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("alembic config has no sqlalchemy.url (shared.db.migrate sets it)")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
        connection.commit()
        try:
            context.configure(connection=connection, transactional_ddl=True)
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
            connection.commit()
    engine.dispose()
