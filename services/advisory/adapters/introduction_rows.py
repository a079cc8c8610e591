"""SQL for introductions: the partners a case was introduced to, their answers and outcomes."""
from __future__ import annotations

import uuid

import asyncpg

from ..use_cases.ports import Row


async def introduction_with_case(conn: asyncpg.Connection, introduction_id: uuid.UUID) -> Row | None:
    """The introduction with its case's company, profile and ids (the partner's page and answer)."""
    row = await conn.fetchrow(
        "SELECT i.*, c.company_name, c.kreis, c.sector, c.profile, c.correlation_id, c.enquiry_id"
        " FROM introductions i JOIN cases c ON c.id = i.case_id WHERE i.id = $1", introduction_id)
    return None if row is None else dict(row)


async def case_of_introduction(conn: asyncpg.Connection, introduction_id: uuid.UUID) -> uuid.UUID | None:
    return await conn.fetchval("SELECT case_id FROM introductions WHERE id = $1", introduction_id)


async def introductions_of_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> list[Row]:
    rows = await conn.fetch("SELECT id, partner_id, partner_name, status, reason, created_at, answered_at, outcomes"
                            " FROM introductions WHERE case_id = $1 ORDER BY created_at", case_id)
    return [dict(r) for r in rows]


class PgIntroductionRows:
    _conn: asyncpg.Connection

    async def live_partner_ids(self, case_id: uuid.UUID) -> set[str]:
        rows = await self._conn.fetch(
            "SELECT partner_id FROM introductions WHERE case_id = $1 AND status <> 'declined'", case_id)
        return {r["partner_id"] for r in rows}

    async def add_introduction(self, *, introduction_id: uuid.UUID, case_id: uuid.UUID, partner_id: str,
                               partner_name: str, token_hash: str, approved_by: uuid.UUID) -> None:
        await self._conn.execute(
            "INSERT INTO introductions (id, case_id, partner_id, partner_name, token_hash, approved_by)"
            " VALUES ($1,$2,$3,$4,$5,$6)", introduction_id, case_id, partner_id, partner_name, token_hash,
            approved_by)

    async def introduction_with_case(self, introduction_id: uuid.UUID) -> Row | None:
        return await introduction_with_case(self._conn, introduction_id)

    async def answer_introduction(self, introduction_id: uuid.UUID, *, answer: str, reason: str) -> Row | None:
        # The case's first acceptance (the Lagebild's last stage) is stamped in the same statement.
        row = await self._conn.fetchrow(
            "WITH answered AS (UPDATE introductions SET status = $2, reason = $3, answered_at = now() WHERE id = $1"
            " AND status = 'pending' RETURNING *),"
            " stamped AS (UPDATE cases SET first_accepted_at = answered.answered_at FROM answered"
            " WHERE cases.id = answered.case_id AND answered.status = 'accepted' AND cases.first_accepted_at IS NULL)"
            " SELECT * FROM answered", introduction_id, answer, reason)
        return None if row is None else dict(row)

    async def introduction(self, introduction_id: uuid.UUID) -> Row | None:
        row = await self._conn.fetchrow("SELECT * FROM introductions WHERE id = $1", introduction_id)
        return None if row is None else dict(row)

    async def add_outcome(self, introduction_id: uuid.UUID, *, outcome: str, by: str) -> None:
        await self._conn.execute("UPDATE introductions SET outcomes = outcomes || $2::jsonb WHERE id = $1",
                                 introduction_id, [{"outcome": outcome, "by": by}])
