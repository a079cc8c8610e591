"""Login attempts in PostgreSQL (every replica sees them): the audit log of logins and the throttle's counts.

The decision itself is domain/login_throttle.py; this module only reads and writes rows."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from ..domain.login_throttle import FailureCounts

AUDIT_RETENTION = timedelta(days=90)  # the audit log keeps attempts this long (they name people and addresses)


async def failure_counts(conn: asyncpg.Connection, *, email: str, address: str, since: datetime) -> FailureCounts:
    row = await conn.fetchrow(
        "SELECT count(*) FILTER (WHERE email = $1) AS pair, max(at) FILTER (WHERE email = $1) AS pair_last,"
        " count(*) AS address FROM login_attempts WHERE counted AND address = $2 AND at > $3",
        email, address, since,
    )
    return FailureCounts(pair=row["pair"], pair_last_at=row["pair_last"], address=row["address"])


async def record(conn: asyncpg.Connection, *, email: str, address: str, outcome: str, at: datetime) -> None:
    """One audit row. A failure counts towards the throttle; a success ends the pair's count."""
    if outcome == "succeeded":
        await conn.execute("UPDATE login_attempts SET counted = false WHERE counted AND email = $1 AND address = $2",
                           email, address)
    await conn.execute("INSERT INTO login_attempts (at, email, address, outcome, counted) VALUES ($1,$2,$3,$4,$5)",
                       at, email, address, outcome, outcome == "failed")
    # A copy in the append-only audit log: login_attempts is rewritten (counted) and pruned, the audit log is not.
    await conn.execute("INSERT INTO audit_log (at, kind, actor) VALUES ($1, $2, $3)", at, f"login_{outcome}", email)
    if outcome == "failed":
        await conn.execute("DELETE FROM login_attempts WHERE at < $1", at - AUDIT_RETENTION)


@dataclass(frozen=True)
class ThrottleRow:
    email: str
    address: str
    failures: int
    last_failure_at: datetime


async def counted_failures(conn: asyncpg.Connection, *, since: datetime) -> list[ThrottleRow]:
    """Every (account, address) pair with failures still counting, newest first (what a lead sees)."""
    rows = await conn.fetch(
        "SELECT email, address, count(*) AS failures, max(at) AS last_at FROM login_attempts"
        " WHERE counted AND at > $1 GROUP BY email, address ORDER BY last_at DESC LIMIT 500", since)
    return [ThrottleRow(r["email"], r["address"], r["failures"], r["last_at"]) for r in rows]


async def reset(conn: asyncpg.Connection, *, email: str | None, address: str | None, actor_id: uuid.UUID,
                at: datetime) -> int:
    """Stop the matching failures counting (a lead's reset) and log who did it; returns how many rows."""
    result = await conn.execute(
        "UPDATE login_attempts SET counted = false WHERE counted"
        " AND ($1::text IS NULL OR email = $1) AND ($2::text IS NULL OR address = $2)", email, address)
    await conn.execute("INSERT INTO login_attempts (at, email, address, outcome, actor_id)"
                       " VALUES ($1,$2,$3,'reset',$4)", at, email or "*", address or "*", actor_id)
    return int(result.split()[-1])
