"""Login throttling per account and per client IP, stored in PostgreSQL so every replica sees it."""
from __future__ import annotations

from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class ThrottlePolicy:
    window_minutes: int = 15
    per_account: int = 5   # guessing one password
    per_ip: int = 30       # spraying many accounts from one address (offices share NAT, so higher)


def _keys(email: str, ip: str) -> tuple[str, str]:
    return f"acct:{email.lower()}", f"ip:{ip}"


async def is_blocked(conn: asyncpg.Connection, *, email: str, ip: str, policy: ThrottlePolicy) -> bool:
    acct, addr = _keys(email, ip)
    row = await conn.fetchrow(
        "SELECT count(*) FILTER (WHERE key = $1) AS acct, count(*) FILTER (WHERE key = $2) AS ip"
        " FROM login_failures WHERE key IN ($1, $2) AND at > now() - make_interval(mins => $3)",
        acct, addr, policy.window_minutes,
    )
    return row["acct"] >= policy.per_account or row["ip"] >= policy.per_ip


async def record_failure(conn: asyncpg.Connection, *, email: str, ip: str) -> None:
    acct, addr = _keys(email, ip)
    await conn.execute("INSERT INTO login_failures (key) VALUES ($1), ($2)", acct, addr)
    # Keep the table small: old rows never matter again.
    await conn.execute("DELETE FROM login_failures WHERE at < now() - interval '1 day'")


async def record_success(conn: asyncpg.Connection, *, email: str) -> None:
    await conn.execute("DELETE FROM login_failures WHERE key = $1", _keys(email, "")[0])
