"""The SLA poller's work: fire warning and breach escalations to the team leads, once per level and period.

Timers are stored with the case (`escalation_next_at`), so they survive restarts; due cases are taken locked,
skipping those another poller holds, so replicas share the work.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import CaseEscalatedV1, LeadRecipient

from ..domain.case import CLOCK_RUNS
from ..domain.sla import level_due, next_escalation
from .case_steps import emit, record
from .facts import SlaRaised, note
from .ports import Case, CaseStore, UnitOfWork


async def fire_due_escalations(uow: UnitOfWork, *, clock: Clock, ui_base_url: str, batch: int = 50) -> int:
    """Escalate the cases that are due now; how many escalation events were staged."""
    fired = 0
    async with uow.transaction() as store:
        now = clock.now()
        for case in await store.cases_due_for_escalation(now=now, limit=batch):
            fired += await _escalate(store, case, now=now, ui_base_url=ui_base_url, clock=clock)
    return fired


async def _escalate(store: CaseStore, case: Case, *, now: datetime, ui_base_url: str, clock: Clock) -> int:
    if case["status"] not in CLOCK_RUNS or case["sla_paused_at"] is not None:
        await store.set_next_escalation(case["id"], None)
        return 0
    done = await store.escalation_levels(case["id"], case["sla_period"])
    level = level_due(now=now, warn_at=case["sla_warn_at"], due_at=case["sla_due_at"],
                      warned="warning" in done, breached="breach" in done)
    fired = 0
    if level is not None:
        # A breach found before its warning was sent makes the warning pointless: mark both as done.
        levels = ["warning", "breach"] if level == "breach" else ["warning"]
        await store.record_escalations(case["id"], case["sla_period"], levels)
        done |= set(levels)
        note(SlaRaised(level=level))
        fired = await _announce(store, case, level=level, ui_base_url=ui_base_url, clock=clock)
    nxt = next_escalation(warn_at=case["sla_warn_at"], due_at=case["sla_due_at"], warned="warning" in done,
                          breached="breach" in done)
    await store.set_next_escalation(case["id"], nxt)
    return fired


async def leads_for(store: CaseStore, assignee: uuid.UUID | None) -> list[LeadRecipient]:
    """The leads of the assignee's team; if that team has none, every lead; failing that, the admins."""
    team = await store.advisor_team(assignee) if assignee else None
    for role, scope in (("lead", team), ("lead", None), ("admin", None)):
        rows = await store.active_with_role(role, team=scope)
        if rows:
            return [LeadRecipient(email=r["email"], name=r["name"][:200],
                                  language="en" if list(r["languages"])[:1] == ["en"] else "de") for r in rows]
    return []


async def _announce(store: CaseStore, case: Case, *, level: str, ui_base_url: str, clock: Clock) -> int:
    leads = await leads_for(store, case["assignee"])
    data = {"level": level, "sla_due_at": case["sla_due_at"].isoformat(), "period": case["sla_period"]}
    if not leads:
        await record(store, case, "escalation_unrouted", actor=None, data=data)
        return 0
    event = CaseEscalatedV1(case_id=case["id"], enquiry_id=case["enquiry_id"], reference=case["reference"] or "",
                            level=level,
                            sla_due_at=case["sla_due_at"],
                            case_url=f"{ui_base_url.rstrip('/')}/cases/{case['id']}", leads=leads)
    event_id = await emit(store, case, event, subjects.CASE_ESCALATED, clock=clock)
    await record(store, case, "escalated", actor=None, event_id=event_id,
                 data={**data, "leads": [lead.name for lead in leads]})
    return 1
