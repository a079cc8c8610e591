"""Administer advisor accounts.

    python -m services.advisory.cli create-user --email a@b.de --name "Anna Berg" --role lead
    (the password is read from ADVISOR_PASSWORD or asked for interactively)
"""
from __future__ import annotations

import argparse
import asyncio
import getpass
import os
from pathlib import Path

import asyncpg

from shared.db import migrate_async

from .adapters import accounts
from .settings import AdvisorySettings

MIGRATIONS = Path(__file__).parent / "migrations"


async def create_user(dsn: str, *, email: str, name: str, role: str, password: str) -> None:
    await migrate_async(dsn, MIGRATIONS)
    conn = await asyncpg.connect(dsn)
    try:
        await accounts.upsert_advisor(conn, email=email, name=name, role=role, password=password)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Advisor accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-user", help="create or reset an account")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", choices=accounts.ROLES, default="advisor")
    args = parser.parse_args()
    password = os.environ.get("ADVISOR_PASSWORD") or getpass.getpass("Password (min. 12 characters): ")
    if len(password) < 12:
        parser.error("the password must have at least 12 characters")
    asyncio.run(create_user(AdvisorySettings().database_url, email=args.email, name=args.name, role=args.role,
                            password=password))
    print(f"account {args.email} ({args.role}) ready")


if __name__ == "__main__":
    main()
