"""SQL for the re-assessment timer: the date on the case, the due cases, the reminder sent."""
from __future__ import annotations

import uuid
from datetime import date

import asyncpg

from ..use_cases.ports import Case

# SKIP LOCKED: pollers on several replicas share the due cases instead of queueing behind each other. The
# condition repeats the partial index cases_reassess_due so the planner uses it.
_DUE = ("SELECT * FROM cases WHERE reassess_on <= $1 AND reassess_reminded_for IS DISTINCT FROM reassess_on"
        " AND status <> 'awaiting_assessment' ORDER BY reassess_on, id LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED")


class PgReassessmentRows:
    _conn: asyncpg.Connection

    async def set_reassessment(self, case_id: uuid.UUID, *, due_on: date | None, set_by: str | None,
                               reminded_for: date | None) -> Case:
        row = await self._conn.fetchrow(
            "UPDATE cases SET reassess_on = $2, reassess_set_by = $3, reassess_reminded_for = $4,"
            " updated_at = now(), version = version + 1 WHERE id = $1 RETURNING *",
            case_id, due_on, set_by, reminded_for)
        return dict(row)

    async def cases_due_for_reassessment(self, *, today: date, limit: int) -> list[Case]:
        return [dict(r) for r in await self._conn.fetch(_DUE, today, limit)]

    async def mark_reassessment_reminded(self, case_id: uuid.UUID, *, due_on: date) -> None:
        await self._conn.execute(
            "UPDATE cases SET reassess_reminded_for = $2, reassess_reminded_at = now() WHERE id = $1",
            case_id, due_on)
