"""The SLA poller's work: fire warning and breach escalations to the team leads, once per level and period.

Timers live in the database (`escalation_next_at`), so they survive restarts; rows are taken with
FOR UPDATE SKIP LOCKED and compared with the database's now(), so replicas share the work and agree on time.
"""
from __future__ import annotations

from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.advisory import CaseEscalatedV1, LeadRecipient

from ..domain.case import CLOCK_RUNS
from ..domain.sla import level_due, next_escalation
from .common import emit, record
from .facts import SlaRaised, committed, note

_DUE_ROWS = ("SELECT * FROM cases WHERE escalation_next_at <= now() ORDER BY escalation_next_at"
             " LIMIT $1 FOR NO KEY UPDATE SKIP LOCKED")
# The leads of the assignee's team; if that team has none, every lead; failing that, the admins.
_LEADS = """
SELECT email, name, languages FROM advisors
WHERE active AND role = $2 AND ($1::text IS NULL OR team = $1)
ORDER BY name
"""


async def fire_due_escalations(pool: asyncpg.Pool, *, ui_base_url: str, batch: int = 50) -> int:
    fired = 0
    async with pool.acquire() as conn, committed(conn):
        now = await conn.fetchval("SELECT now()")
        for row in await conn.fetch(_DUE_ROWS, batch):
            fired += await _escalate(conn, dict(row), now=now, ui_base_url=ui_base_url)
    return fired


async def _escalate(conn: asyncpg.Connection, case: dict[str, Any], *, now: Any, ui_base_url: str) -> int:
    if case["status"] not in CLOCK_RUNS or case["sla_paused_at"] is not None:
        await conn.execute("UPDATE cases SET escalation_next_at = NULL WHERE id = $1", case["id"])
        return 0
    done = {r["level"] for r in await conn.fetch(
        "SELECT level FROM sla_escalations WHERE case_id = $1 AND period = $2", case["id"], case["sla_period"])}
    level = level_due(now=now, warn_at=case["sla_warn_at"], due_at=case["sla_due_at"],
                      warned="warning" in done, breached="breach" in done)
    fired = 0
    if level is not None:
        # A breach found before its warning was sent makes the warning pointless: mark both as done.
        levels = ["warning", "breach"] if level == "breach" else ["warning"]
        for lv in levels:
            await conn.execute("INSERT INTO sla_escalations (case_id, period, level) VALUES ($1,$2,$3)"
                               " ON CONFLICT DO NOTHING", case["id"], case["sla_period"], lv)
        done |= set(levels)
        note(SlaRaised(level=level))
        fired = await _announce(conn, case, level=level, ui_base_url=ui_base_url)
    nxt = next_escalation(warn_at=case["sla_warn_at"], due_at=case["sla_due_at"], warned="warning" in done,
                          breached="breach" in done)
    await conn.execute("UPDATE cases SET escalation_next_at = $2 WHERE id = $1", case["id"], nxt)
    return fired


async def leads_for(conn: asyncpg.Connection, assignee: Any) -> list[LeadRecipient]:
    team = await conn.fetchval("SELECT team FROM advisors WHERE id = $1", assignee) if assignee else None
    for role, scope in (("lead", team), ("lead", None), ("admin", None)):
        rows = await conn.fetch(_LEADS, scope, role)
        if rows:
            return [LeadRecipient(email=r["email"], name=r["name"][:200],
                                  language="en" if list(r["languages"])[:1] == ["en"] else "de") for r in rows]
    return []


async def _announce(conn: asyncpg.Connection, case: dict[str, Any], *, level: str, ui_base_url: str) -> int:
    leads = await leads_for(conn, case["assignee"])
    data = {"level": level, "sla_due_at": case["sla_due_at"].isoformat(), "period": case["sla_period"]}
    if not leads:
        await record(conn, case, "escalation_unrouted", actor=None, data=data)
        return 0
    event = CaseEscalatedV1(case_id=case["id"], enquiry_id=case["enquiry_id"], reference=case["reference"] or "",
                            level=level, sla_due_at=case["sla_due_at"],  # type: ignore[arg-type]
                            case_url=f"{ui_base_url.rstrip('/')}/cases/{case['id']}", leads=leads)
    event_id = await emit(conn, case, event, subjects.CASE_ESCALATED)
    await record(conn, case, "escalated", actor=None, event_id=event_id,
                 data={**data, "leads": [lead.name for lead in leads]})
    return 1
