"""Administer advisor accounts.

    python -m services.advisory create-user --email a@b.de --name "Anna Berg" --role advisor \
        --areas CA01,CA03 --languages de,en --capacity 8 --team west
    (the password is read from ADVISOR_PASSWORD or asked for interactively)
    python -m services.advisory set-absence --email a@b.de --from 2026-07-01 --until 2026-07-14
    python -m services.advisory set-absence --email a@b.de            (clears the absence)
    python -m services.advisory disable-user --email a@b.de           (ends all sessions at once)
"""
from __future__ import annotations

import argparse
import asyncio
import getpass
import os
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg

from shared.db import migrate_async

from ..adapters import accounts
from ..adapters.accounts import Skills
from ..domain.password_policy import password_problems
from ..settings import AdvisorySettings

MIGRATIONS = Path(__file__).parents[1] / "migrations"
COMMANDS = ("create-user", "set-absence", "disable-user")


async def _with_db(dsn: str, work: Callable[[asyncpg.Connection], Awaitable[Any]]) -> Any:
    await migrate_async(dsn, MIGRATIONS)
    conn = await asyncpg.connect(dsn)
    try:
        return await work(conn)
    finally:
        await conn.close()


async def create_user(dsn: str, *, email: str, name: str, role: str, password: str, skills: Skills | None = None,
                      team: str = "default") -> None:
    await _with_db(dsn, lambda c: accounts.upsert_advisor(c, email=email, name=name, role=role, password=password,
                                                          skills=skills, team=team))


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.advisory", description="Advisor accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-user", help="create or reset an account")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", choices=accounts.ROLES, default="advisor")
    create.add_argument("--areas", type=_csv, default=(), help="capability areas, e.g. CA01,CA03")
    create.add_argument("--languages", type=_csv, default=("de",), help="e.g. de,en")
    create.add_argument("--capacity", type=int, default=10, help="cases held at once")
    create.add_argument("--team", default="default")
    absence = sub.add_parser("set-absence", help="set or clear an absence (auto-assignment skips it)")
    absence.add_argument("--email", required=True)
    absence.add_argument("--from", dest="absent_from", type=date.fromisoformat, default=None)
    absence.add_argument("--until", dest="absent_until", type=date.fromisoformat, default=None)
    disable = sub.add_parser("disable-user", help="deactivate an account and end its sessions")
    disable.add_argument("--email", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    parser = _parser()
    args = parser.parse_args(argv)
    dsn = AdvisorySettings().database_url
    if args.command == "create-user":
        password = os.environ.get("ADVISOR_PASSWORD") or getpass.getpass(
            "Password (at least 12 characters, hard to guess: e.g. four unrelated words): ")
        if problems := password_problems(password, user_inputs=(args.email, args.name)):
            parser.error("the password is refused: " + "; ".join(problems))
        if args.capacity < 0 or any(not (a.startswith("CA") and a[2:].isdigit()) for a in args.areas):
            parser.error("areas must look like CA01 and capacity must not be negative")
        skills = Skills(areas=args.areas, languages=args.languages, capacity=args.capacity)
        asyncio.run(create_user(dsn, email=args.email, name=args.name, role=args.role, password=password,
                                skills=skills, team=args.team))
        print(f"account {args.email} ({args.role}) ready")
    elif args.command == "set-absence":
        ok = asyncio.run(_with_db(dsn, lambda c: accounts.set_absence(
            c, email=args.email, absent_from=args.absent_from, absent_until=args.absent_until)))
        print("absence saved" if ok else "no such account")
    else:
        ok = asyncio.run(_with_db(dsn, lambda c: accounts.disable(c, email=args.email)))
        print("account disabled, sessions ended" if ok else "no such account")
