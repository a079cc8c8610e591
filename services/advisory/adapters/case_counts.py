"""Counts of open cases for the polled gauges (the same answer on every replica)."""
from __future__ import annotations

import uuid
from collections.abc import Sequence

import asyncpg

# Every active advisor is reported (0 included) so an idle advisor shows on the dashboard; anyone else only
# while holding cases (a lead who took one, a deactivated account whose cases were not handed on yet).
_BY_ADVISOR = """
SELECT a.id, count(c.id) AS n FROM advisors a
LEFT JOIN cases c ON c.assignee = a.id AND c.status = ANY($1::text[])
GROUP BY a.id
HAVING count(c.id) > 0 OR bool_or(a.active AND a.role = 'advisor')
"""


async def open_by_status(conn: asyncpg.Connection, statuses: Sequence[str]) -> dict[str, int]:
    rows = await conn.fetch("SELECT status, count(*) AS n FROM cases WHERE status = ANY($1::text[])"
                            " GROUP BY status", list(statuses))
    return {r["status"]: r["n"] for r in rows}


async def open_by_advisor(conn: asyncpg.Connection, statuses: Sequence[str]) -> dict[uuid.UUID, int]:
    return {r["id"]: r["n"] for r in await conn.fetch(_BY_ADVISOR, list(statuses))}
