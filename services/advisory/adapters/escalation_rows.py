"""SQL for the SLA escalations: due cases and the levels fired per case and SLA period."""
from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from ..use_cases.ports import Case

# SKIP LOCKED: pollers on several replicas share the due cases instead of queueing behind each other.
_DUE = ("SELECT * FROM cases WHERE escalation_next_at <= $1 ORDER BY escalation_next_at"
        " LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED")


class PgEscalationRows:
    _conn: asyncpg.Connection

    async def cases_due_for_escalation(self, *, now: datetime, limit: int) -> list[Case]:
        return [dict(r) for r in await self._conn.fetch(_DUE, now, limit)]

    async def escalation_levels(self, case_id: uuid.UUID, period: int) -> set[str]:
        rows = await self._conn.fetch("SELECT level FROM sla_escalations WHERE case_id = $1 AND period = $2",
                                      case_id, period)
        return {r["level"] for r in rows}

    async def record_escalations(self, case_id: uuid.UUID, period: int, levels: list[str]) -> None:
        for level in levels:
            await self._conn.execute("INSERT INTO sla_escalations (case_id, period, level) VALUES ($1,$2,$3)"
                                     " ON CONFLICT DO NOTHING", case_id, period, level)
        if "breach" in levels:  # the Lagebild's SLA attainment reads it from the case row
            await self._conn.execute("UPDATE cases SET sla_breached_at = coalesce(sla_breached_at, now())"
                                     " WHERE id = $1", case_id)

    async def set_next_escalation(self, case_id: uuid.UUID, at: datetime | None) -> None:
        await self._conn.execute("UPDATE cases SET escalation_next_at = $2 WHERE id = $1", case_id, at)
