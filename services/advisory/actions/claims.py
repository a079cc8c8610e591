"""Claim, unclaim, reassignment by a lead, and skills-based round-robin auto-assignment."""
from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.advisory import CaseClaimedV1, CaseUnclaimedV1

from ..adapters import cases as repo
from ..domain.case import CaseStatus
from ..domain.rules import Actor, Refused, check_claim, require_holder_or_lead, require_status, require_supervisor
from .common import emit, locked_case, record
from .facts import FirstClaim, committed, note


async def claim(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor) -> dict[str, Any]:
    """Take an unassigned open case. The conditional UPDATE is the lock: of concurrent claims exactly one
    matches `assignee IS NULL`, the others see no row and get 409."""
    async with committed(conn):
        row = await conn.fetchrow(
            "UPDATE cases SET assignee = $2, status = 'claimed', assigned_at = now(), updated_at = now(),"
            " version = version + 1 WHERE id = $1 AND assignee IS NULL AND status = 'open' RETURNING *",
            case_id, actor.id)
        if row is None:
            current = await conn.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)
            if current is None or current["status"] == "awaiting_assessment":
                raise Refused(404, "not_found", "No such case in the queue.")
            check_claim(dict(current))
            raise Refused(409, "already_claimed", "The case was claimed meanwhile.")
        case = dict(row)
        await _announce_claim(conn, case, assignee=actor.id, by="self", actor=actor)
    return case


async def unclaim(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor) -> dict[str, Any]:
    async with conn.transaction():
        case = await locked_case(conn, case_id)
        require_status(case, CaseStatus.CLAIMED)
        require_holder_or_lead(case, actor)
        case = dict(await conn.fetchrow(
            "UPDATE cases SET assignee = NULL, status = 'open', assigned_at = NULL, updated_at = now(),"
            " version = version + 1 WHERE id = $1 RETURNING *", case_id))
        event_id = await emit(conn, case, CaseUnclaimedV1(case_id=case_id, enquiry_id=case["enquiry_id"]),
                              subjects.CASE_UNCLAIMED)
        await record(conn, case, "unclaimed", actor=actor, data={}, event_id=event_id)
    return case


async def assign(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor,
                 assignee_id: uuid.UUID) -> dict[str, Any]:
    """A lead hands the case to an advisor (also takes it from another advisor)."""
    async with committed(conn):
        require_supervisor(actor)
        case = await locked_case(conn, case_id)
        require_status(case, CaseStatus.OPEN, CaseStatus.CLAIMED, CaseStatus.WAITING_FOR_COMPANY)
        if not await conn.fetchval("SELECT 1 FROM advisors WHERE id = $1 AND active", assignee_id):
            raise Refused(422, "unknown_advisor", "No active advisor with that id.")
        if case["assignee"] == assignee_id:
            raise Refused(409, "already_assignee", "The advisor already holds this case.")
        case = dict(await conn.fetchrow(
            "UPDATE cases SET assignee = $2, status = CASE WHEN status = 'open' THEN 'claimed' ELSE status END,"
            " assigned_at = now(), updated_at = now(), version = version + 1 WHERE id = $1 RETURNING *",
            case_id, assignee_id))
        await _announce_claim(conn, case, assignee=assignee_id, by="lead", actor=actor)
    return case


async def _announce_claim(conn: asyncpg.Connection, case: dict[str, Any], *, assignee: uuid.UUID, by: str,
                          actor: Actor | None) -> None:
    event = CaseClaimedV1(case_id=case["id"], enquiry_id=case["enquiry_id"], assignee_id=assignee,
                          assigned_by=by)  # type: ignore[arg-type]
    event_id = await emit(conn, case, event, subjects.CASE_CLAIMED)
    name = await conn.fetchval("SELECT name FROM advisors WHERE id = $1", assignee)
    await record(conn, case, "claimed", actor=actor,
                 data={"assignee_id": str(assignee), "assignee": name, "assigned_by": by}, event_id=event_id)
    if (first := await repo.mark_first_claim(conn, case["id"])) is not None:
        note(FirstClaim(queue_s=first["queue_s"]))


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


async def auto_assign(conn: asyncpg.Connection, *, case_id: uuid.UUID) -> uuid.UUID | None:
    """Give an open unassigned case to the next matching advisor with free capacity; None if nobody fits."""
    async with committed(conn):
        case = await conn.fetchrow(
            "SELECT id, top_areas, language FROM cases WHERE id = $1 AND status = 'open' AND assignee IS NULL"
            " FOR NO KEY UPDATE SKIP LOCKED", case_id)
        if case is None:
            return None
        return await auto_assign_opened(conn, case_id=case_id, top_areas=case["top_areas"],
                                        language=case["language"])


async def auto_assign_opened(conn: asyncpg.Connection, *, case_id: uuid.UUID, top_areas: list[str] | None,
                             language: str | None) -> uuid.UUID | None:
    """`auto_assign` for a case the caller's transaction has just opened: it is open, unassigned and already
    locked by that transaction, so no savepoint and no second look at the row (the case path waits for every
    round trip)."""
    if not top_areas:
        return None
    advisor_id = await conn.fetchval(_PICK_ADVISOR, list(top_areas), language or "de")
    if advisor_id is None:
        return None
    await conn.execute("UPDATE advisors SET last_assigned_at = clock_timestamp() WHERE id = $1", advisor_id)
    updated = dict(await conn.fetchrow(
        "UPDATE cases SET assignee = $2, status = 'claimed', assigned_at = now(), updated_at = now(),"
        " version = version + 1 WHERE id = $1 RETURNING id, enquiry_id, correlation_id", case_id, advisor_id))
    await _announce_claim(conn, updated, assignee=advisor_id, by="auto", actor=None)
    return advisor_id


async def auto_assign_waiting(pool: asyncpg.Pool, *, batch: int = 50) -> int:
    """Try every open unassigned case, oldest SLA first (advisors come back from absence, capacity frees up)."""
    async with pool.acquire() as conn:
        ids = await conn.fetch("SELECT id FROM cases WHERE status = 'open' AND assignee IS NULL"
                               " ORDER BY sla_due_at NULLS LAST, id LIMIT $1", batch)
        assigned = 0
        for r in ids:
            if await auto_assign(conn, case_id=r["id"]) is not None:
                assigned += 1
    return assigned
