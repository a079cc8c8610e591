"""SQL for advisors as decisions, auto-assignment and escalations need them."""
from __future__ import annotations

import uuid

import asyncpg

from ..use_cases.ports import Case, Row

# Round-robin among eligible advisors: the one whose last auto-assignment is oldest goes first. SKIP LOCKED
# lets two concurrent assignments pick different advisors instead of waiting for each other.
_PICK_ADVISOR = """
SELECT a.id FROM advisors a
WHERE a.active AND a.role = 'advisor'
  AND a.areas && $1::text[] AND $2 = ANY(a.languages)
  AND NOT (coalesce(a.absent_from, 'infinity'::date) <= current_date
           AND current_date <= coalesce(a.absent_until, 'infinity'::date))
  AND (SELECT count(*) FROM cases c WHERE c.assignee = a.id
       AND c.status IN ('claimed', 'waiting_for_company')) < a.capacity
ORDER BY a.last_assigned_at NULLS FIRST, a.id
LIMIT 1 FOR UPDATE OF a SKIP LOCKED
"""
_WITH_ROLE = """
SELECT email, name, languages FROM advisors
WHERE active AND role = $2 AND ($1::text IS NULL OR team = $1)
ORDER BY name
"""


class PgAdvisorRows:
    _conn: asyncpg.Connection

    async def advisor_name(self, advisor_id: uuid.UUID) -> str | None:
        return await self._conn.fetchval("SELECT name FROM advisors WHERE id = $1", advisor_id)

    async def is_active_advisor(self, advisor_id: uuid.UUID) -> bool:
        return bool(await self._conn.fetchval("SELECT 1 FROM advisors WHERE id = $1 AND active", advisor_id))

    async def advisor_team(self, advisor_id: uuid.UUID) -> str | None:
        return await self._conn.fetchval("SELECT team FROM advisors WHERE id = $1", advisor_id)

    async def active_advisor_contact(self, advisor_id: uuid.UUID) -> Row | None:
        row = await self._conn.fetchrow("SELECT email, name, languages FROM advisors WHERE id = $1 AND active",
                                        advisor_id)
        return None if row is None else dict(row)

    async def active_with_role(self, role: str, *, team: str | None) -> list[Row]:
        return [dict(r) for r in await self._conn.fetch(_WITH_ROLE, team, role)]

    async def next_advisor_for(self, *, areas: list[str], language: str) -> uuid.UUID | None:
        return await self._conn.fetchval(_PICK_ADVISOR, areas, language)

    async def lock_open_unassigned(self, case_id: uuid.UUID) -> Case | None:
        row = await self._conn.fetchrow(
            "SELECT id, top_areas, language FROM cases WHERE id = $1 AND status = 'open' AND assignee IS NULL"
            " FOR NO KEY UPDATE SKIP LOCKED", case_id)
        return None if row is None else dict(row)

    async def assign_automatically(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case:
        await self._conn.execute("UPDATE advisors SET last_assigned_at = clock_timestamp() WHERE id = $1",
                                 advisor_id)
        row = await self._conn.fetchrow(
            "UPDATE cases SET assignee = $2, status = 'claimed', assigned_at = now(), updated_at = now(),"
            " version = version + 1 WHERE id = $1 RETURNING id, enquiry_id, correlation_id", case_id, advisor_id)
        return dict(row)

    async def open_unassigned_case_ids(self, *, limit: int) -> list[uuid.UUID]:
        rows = await self._conn.fetch("SELECT id FROM cases WHERE status = 'open' AND assignee IS NULL"
                                      " ORDER BY sla_due_at NULLS LAST, id LIMIT $1", limit)
        return [r["id"] for r in rows]
