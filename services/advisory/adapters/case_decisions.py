"""SQL for the changes advisors' decisions make to a case. Every change bumps `version` and `updated_at` and
returns the whole row."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

import asyncpg

from ..use_cases.ports import Case, Elapsed, Row

_STAMP = "updated_at = now(), version = version + 1"


class PgCaseDecisions:
    _conn: asyncpg.Connection

    async def _change(self, case_id: uuid.UUID, sets: str, *args: object) -> Case:
        row = await self._conn.fetchrow(f"UPDATE cases SET {sets}, {_STAMP} WHERE id = $1 RETURNING *",
                                        case_id, *args)
        return dict(row)

    async def lock_case(self, case_id: uuid.UUID) -> Case | None:
        # NO KEY UPDATE, like every case lock here: it still excludes other decisions, but not the key-share locks
        # of foreign-key checks (timeline entries written meanwhile by consumers), which FOR UPDATE would make
        # wait for this transaction.
        row = await self._conn.fetchrow("SELECT * FROM cases WHERE id = $1 FOR NO KEY UPDATE", case_id)
        return None if row is None else dict(row)

    async def case(self, case_id: uuid.UUID) -> Case | None:
        row = await self._conn.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)
        return None if row is None else dict(row)

    async def claim_if_free(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case | None:
        row = await self._conn.fetchrow(
            f"UPDATE cases SET assignee = $2, status = 'claimed', assigned_at = now(), {_STAMP}"
            " WHERE id = $1 AND assignee IS NULL AND status = 'open' RETURNING *", case_id, advisor_id)
        return None if row is None else dict(row)

    async def release_claim(self, case_id: uuid.UUID) -> Case:
        return await self._change(case_id, "assignee = NULL, status = 'open', assigned_at = NULL")

    async def assign_to(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case:
        return await self._change(
            case_id, "assignee = $2, status = CASE WHEN status = 'open' THEN 'claimed' ELSE status END,"
            " assigned_at = now()", advisor_id)

    async def mark_first_claim(self, case_id: uuid.UUID) -> Elapsed | None:
        row = await self._conn.fetchrow(
            "UPDATE cases SET first_claimed_at = now() WHERE id = $1 AND first_claimed_at IS NULL"
            " RETURNING extract(epoch FROM first_claimed_at - opened_at)::float8 AS queue_s", case_id)
        return None if row is None else Elapsed(row["queue_s"])

    async def pause_for_information(self, case_id: uuid.UUID, *, info: Row, paused_at: datetime) -> Case:
        return await self._change(
            case_id, "status = 'waiting_for_company', info_request = $2, sla_paused_at = $3,"
            " escalation_next_at = NULL", info, paused_at)

    async def close_case(self, case_id: uuid.UUID, *, reason_code: str) -> Case:
        return await self._change(
            case_id, "status = 'closed', close_reason = $2, escalation_next_at = NULL, sla_paused_at = NULL",
            reason_code)

    async def reopen_case(self, case_id: uuid.UUID, *, due_at: datetime, warn_at: datetime) -> Case:
        return await self._change(
            case_id, "status = CASE WHEN assignee IS NULL THEN 'open' ELSE 'claimed' END, close_reason = NULL,"
            " sla_period = sla_period + 1, sla_due_at = $2, sla_warn_at = $3, escalation_next_at = $3,"
            " sla_paused_at = NULL", due_at, warn_at)

    async def set_gate_clearances(self, case_id: uuid.UUID, *, clearances: Row, open_gates: int) -> Case:
        return await self._change(case_id, "gate_clearances = $2, open_gates = $3", clearances, open_gates)

    async def override_score(self, case_id: uuid.UUID, *, overrides: Row, field: Literal["band", "readiness"],
                             value: str | float) -> Case:
        column = {"band": "band", "readiness": "readiness"}[field]
        return await self._change(case_id, f"overrides = $2, {column} = $3", overrides, value)

    async def mark_introduced(self, case_id: uuid.UUID) -> Case:
        return await self._change(case_id, "status = 'introduced', escalation_next_at = NULL")

    async def mark_result_released(self, case_id: uuid.UUID, *, revision: int, released_at: datetime) -> Case:
        return await self._change(case_id, "result_released_revision = $2, result_released_at = $3", revision,
                                  released_at)

    async def mark_first_introduction(self, case_id: uuid.UUID) -> Elapsed | None:
        # The seconds are None when nobody had claimed the case: no work stage to measure.
        row = await self._conn.fetchrow(
            "UPDATE cases SET first_introduced_at = now() WHERE id = $1 AND first_introduced_at IS NULL"
            " RETURNING extract(epoch FROM first_introduced_at - first_claimed_at)::float8 AS work_s", case_id)
        return None if row is None else Elapsed(row["work_s"])
