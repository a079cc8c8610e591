"""The advisors' decisions over JSON. Refusals become problem+json (409/422/403) via the app's handler."""
from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request

from shared.problems import problem_responses

from ..actions import bulk, claims, decisions, introductions
from ..actions.common import Context
from .schemas import (
    AssignIn,
    BulkAssignIn,
    BulkCloseIn,
    ClearanceIn,
    CloseIn,
    InfoRequestIn,
    IntroductionsIn,
    NoteIn,
    OutcomeIn,
    OverrideIn,
    ReopenIn,
)
from .security import CurrentSession, actor_of, guard

router = APIRouter(prefix="/api/v1", tags=["decisions"], dependencies=[Depends(guard)],
                   responses=problem_responses(401, 403, 404, 409, 422))


def _pool(request: Request) -> Any:
    return request.app.state.runtime.require_pool()


def _ctx(request: Request) -> Context:
    return request.app.state.runtime.extras["context"]


def _brief(case: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(case["id"]), "status": case["status"],
            "assignee": str(case["assignee"]) if case["assignee"] else None, "version": case["version"]}


@router.post("/cases/{case_id}/claim")
async def claim(case_id: uuid.UUID, request: Request, session: CurrentSession) -> dict[str, Any]:
    """Take the case; 409 when someone else holds it."""
    async with _pool(request).acquire() as conn:
        return _brief(await claims.claim(conn, case_id=case_id, actor=actor_of(session)))


@router.post("/cases/{case_id}/unclaim")
async def unclaim(case_id: uuid.UUID, request: Request, session: CurrentSession) -> dict[str, Any]:
    async with _pool(request).acquire() as conn:
        return _brief(await claims.unclaim(conn, case_id=case_id, actor=actor_of(session)))


@router.post("/cases/{case_id}/assign")
async def assign(case_id: uuid.UUID, body: AssignIn, request: Request, session: CurrentSession) -> dict[str, Any]:
    """A lead (re)assigns the case."""
    async with _pool(request).acquire() as conn:
        return _brief(await claims.assign(conn, case_id=case_id, actor=actor_of(session),
                                          assignee_id=body.assignee_id))


@router.post("/cases/{case_id}/notes", status_code=201)
async def add_note(case_id: uuid.UUID, body: NoteIn, request: Request, session: CurrentSession) -> dict[str, Any]:
    async with _pool(request).acquire() as conn:
        return _brief(await decisions.add_note(conn, case_id=case_id, actor=actor_of(session), text=body.text))


@router.post("/cases/{case_id}/info-requests", status_code=201)
async def request_info(case_id: uuid.UUID, body: InfoRequestIn, request: Request,
                       session: CurrentSession) -> dict[str, Any]:
    """Ask the company; the SLA clock pauses until it amends its enquiry."""
    async with _pool(request).acquire() as conn:
        return _brief(await decisions.request_info(conn, case_id=case_id, actor=actor_of(session),
                                                   question=body.question, respond_by=body.respond_by))


@router.post("/cases/{case_id}/introductions", status_code=201)
async def approve_introductions(case_id: uuid.UUID, body: IntroductionsIn, request: Request,
                                session: CurrentSession) -> dict[str, Any]:
    """Introduce the company to partners; 409 while a gate is open, 422 without the company's consent."""
    async with _pool(request).acquire() as conn:
        created = await introductions.approve(conn, _ctx(request), case_id=case_id, actor=actor_of(session),
                                              partner_ids=body.partner_ids, note=body.note)
    return {"introductions": created}


@router.post("/cases/{case_id}/close")
async def close(case_id: uuid.UUID, body: CloseIn, request: Request, session: CurrentSession) -> dict[str, Any]:
    async with _pool(request).acquire() as conn:
        return _brief(await decisions.close(conn, case_id=case_id, actor=actor_of(session),
                                            reason_code=body.reason_code, reason_text=body.reason_text,
                                            notify_company=body.notify_company))


@router.post("/cases/{case_id}/reopen")
async def reopen(case_id: uuid.UUID, body: ReopenIn, request: Request, session: CurrentSession) -> dict[str, Any]:
    async with _pool(request).acquire() as conn:
        return _brief(await decisions.reopen(conn, case_id=case_id, actor=actor_of(session),
                                             reason_text=body.reason_text))


@router.post("/cases/{case_id}/gates/{gate}/clearance")
async def clear_gate(case_id: uuid.UUID, gate: str, body: ClearanceIn, request: Request,
                     session: CurrentSession) -> dict[str, Any]:
    """A lead clears an open gate with a reason."""
    async with _pool(request).acquire() as conn:
        return _brief(await decisions.clear_gate(conn, case_id=case_id, actor=actor_of(session), gate=gate,
                                                 reason=body.reason))


@router.post("/cases/{case_id}/overrides")
async def override(case_id: uuid.UUID, body: OverrideIn, request: Request, session: CurrentSession) -> dict[str, Any]:
    async with _pool(request).acquire() as conn:
        return _brief(await decisions.override_score(conn, case_id=case_id, actor=actor_of(session),
                                                     field=body.field, value=body.value, reason=body.reason))


@router.post("/introductions/{introduction_id}/outcomes", status_code=201)
async def record_outcome(introduction_id: uuid.UUID, body: OutcomeIn, request: Request,
                         session: CurrentSession) -> dict[str, Any]:
    async with _pool(request).acquire() as conn:
        return await introductions.record_outcome(conn, introduction_id=introduction_id, actor=actor_of(session),
                                                  outcome=body.outcome)


@router.post("/bulk/assign")
async def bulk_assign(body: BulkAssignIn, request: Request, session: CurrentSession) -> dict[str, Any]:
    """Assign many cases; every case is validated like a single assignment and reported on its own."""
    async with _pool(request).acquire() as conn:
        return {"results": await bulk.bulk_assign(conn, case_ids=body.case_ids, actor=actor_of(session),
                                                  assignee_id=body.assignee_id)}


@router.post("/bulk/close")
async def bulk_close(body: BulkCloseIn, request: Request, session: CurrentSession) -> dict[str, Any]:
    async with _pool(request).acquire() as conn:
        return {"results": await bulk.bulk_close(conn, case_ids=body.case_ids, actor=actor_of(session),
                                                 reason_code=body.reason_code, reason_text=body.reason_text)}
