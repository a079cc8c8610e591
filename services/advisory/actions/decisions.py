"""Notes, information requests, closing, reopening, gate clearance and score overrides."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.advisory import (
    CaseClosedV1,
    CaseReopenedV1,
    GateClearedV1,
    InformationRequestedV1,
    NoteAddedV1,
    ScoreOverriddenV1,
)

from ..domain.case import CaseStatus, uncleared_gates
from ..domain.rules import Actor, Refused, check_gate_clearance, check_override, require_holder_or_lead, require_status
from ..domain.sla import start_clock
from .common import emit, locked_case, record, touch

OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.CLAIMED, CaseStatus.WAITING_FOR_COMPANY, CaseStatus.INTRODUCED)


async def add_note(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor, text: str) -> dict[str, Any]:
    async with conn.transaction():
        case = await locked_case(conn, case_id)
        note_id = uuid.uuid4()
        event_id = await emit(conn, case, NoteAddedV1(case_id=case_id, enquiry_id=case["enquiry_id"], note_id=note_id),
                              subjects.NOTE_ADDED)
        await record(conn, case, "note", actor=actor, data={"text": text, "note_id": str(note_id)}, event_id=event_id)
    return case


async def request_info(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor, question: str,
                       respond_by: date) -> dict[str, Any]:
    """Ask the company; the SLA clock pauses until the company amends its enquiry."""
    if respond_by <= datetime.now(UTC).date():
        raise Refused(422, "respond_by_past", "The respond-by date must be in the future.")
    async with conn.transaction():
        case = await locked_case(conn, case_id)
        require_status(case, CaseStatus.CLAIMED)
        require_holder_or_lead(case, actor)
        request_id = uuid.uuid4()
        info = {"request_id": str(request_id), "question": question, "respond_by": respond_by.isoformat()}
        case = await touch(conn, case_id, "status = 'waiting_for_company', info_request = $2,"
                           " sla_paused_at = now(), escalation_next_at = NULL", info)
        event = InformationRequestedV1(case_id=case_id, enquiry_id=case["enquiry_id"], request_id=request_id,
                                       question=question, respond_by=respond_by)
        event_id = await emit(conn, case, event, subjects.INFO_REQUESTED)
        await record(conn, case, "info_requested", actor=actor, data=info, event_id=event_id)
    return case


async def close(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor, reason_code: str,
                reason_text: str = "", notify_company: bool = True) -> dict[str, Any]:
    if reason_code == "other" and not reason_text.strip():
        raise Refused(422, "reason_required", "Say why the case is closed.")
    async with conn.transaction():
        case = await locked_case(conn, case_id)
        require_status(case, *OPEN_STATUSES)
        require_holder_or_lead(case, actor)
        case = await touch(conn, case_id, "status = 'closed', close_reason = $2, escalation_next_at = NULL,"
                           " sla_paused_at = NULL", reason_code)
        event = CaseClosedV1(case_id=case_id, enquiry_id=case["enquiry_id"], reason_code=reason_code,  # type: ignore[arg-type]
                             reason_text=reason_text, notify_company=notify_company)
        event_id = await emit(conn, case, event, subjects.CASE_CLOSED)
        await record(conn, case, "closed", actor=actor, data={"reason_code": reason_code, "reason_text": reason_text},
                     event_id=event_id)
    return case


async def reopen(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor, reason_text: str) -> dict[str, Any]:
    """Back into the queue with a fresh SLA period (so its escalations can fire again)."""
    async with conn.transaction():
        case = await locked_case(conn, case_id)
        require_status(case, CaseStatus.CLOSED)
        require_holder_or_lead(case, actor)
        clock = start_clock(datetime.now(UTC), case["priority"] or "normal")
        case = await touch(
            conn, case_id, "status = CASE WHEN assignee IS NULL THEN 'open' ELSE 'claimed' END, close_reason = NULL,"
            " sla_period = sla_period + 1, sla_due_at = $2, sla_warn_at = $3, escalation_next_at = $3,"
            " sla_paused_at = NULL", clock.due_at, clock.warn_at)
        event_id = await emit(conn, case, CaseReopenedV1(case_id=case_id, enquiry_id=case["enquiry_id"],
                                                         reason_text=reason_text), subjects.CASE_REOPENED)
        await record(conn, case, "reopened", actor=actor, data={"reason_text": reason_text}, event_id=event_id)
    return case


async def clear_gate(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor, gate: str,
                     reason: str) -> dict[str, Any]:
    """A lead clears an open gate with a reason; the clearance stays with the case across re-assessments."""
    if not reason.strip():
        raise Refused(422, "reason_required", "A gate is cleared only with a reason.")
    async with conn.transaction():
        case = await locked_case(conn, case_id)
        check_gate_clearance(case, gate, actor)
        clearance = {"reason": reason, "by": actor.name, "by_id": str(actor.id),
                     "at": datetime.now(UTC).isoformat(), "revision": case["assessment_revision"]}
        clearances = {**(case["gate_clearances"] or {}), gate: clearance}
        remaining = len(uncleared_gates(case["assessment"], clearances))
        case = await touch(conn, case_id, "gate_clearances = $2, open_gates = $3", clearances, remaining)
        event = GateClearedV1(case_id=case_id, enquiry_id=case["enquiry_id"], gate=gate, reason=reason,
                              assessment_revision=case["assessment_revision"])
        event_id = await emit(conn, case, event, subjects.GATE_CLEARED)
        await record(conn, case, "gate_cleared", actor=actor, data={"gate": gate, "reason": reason}, event_id=event_id)
    return case


async def override_score(conn: asyncpg.Connection, *, case_id: uuid.UUID, actor: Actor, field: str,
                         value: Any, reason: str) -> dict[str, Any]:
    """The advisor's judgement replaces band or readiness in the queue; the assessed value stays on record."""
    check_override(field, value)
    if not reason.strip():
        raise Refused(422, "reason_required", "An override needs a reason.")
    async with conn.transaction():
        case = await locked_case(conn, case_id)
        require_holder_or_lead(case, actor)
        assessed = (case["assessment"] or {}).get("band" if field == "band" else "readiness_percent")
        entry = {"value": value, "assessed": assessed, "reason": reason, "by": actor.name,
                 "at": datetime.now(UTC).isoformat()}
        overrides = {**(case["overrides"] or {}), field: entry}
        column = "band" if field == "band" else "readiness"
        case = await touch(conn, case_id, f"overrides = $2, {column} = $3", overrides,
                           value if field == "band" else float(value))
        event = ScoreOverriddenV1(case_id=case_id, enquiry_id=case["enquiry_id"], field=field,  # type: ignore[arg-type]
                                  value=str(value), assessed=None if assessed is None else str(assessed), reason=reason)
        event_id = await emit(conn, case, event, subjects.SCORE_OVERRIDDEN)
        await record(conn, case, "score_overridden", actor=actor,
                     data={"field": field, "value": value, "assessed": assessed, "reason": reason}, event_id=event_id)
    return case


