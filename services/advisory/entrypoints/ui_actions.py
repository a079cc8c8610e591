"""HTML form posts of the workbench. Each parses the form into the JSON API's body model and calls the same
use case, so a decision is validated identically whichever way it arrives; then it redirects (303)."""
from __future__ import annotations

import uuid
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from ..actions import bulk, claims, decisions, introductions
from ..adapters import views
from ..queries import FILTER_KEYS
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

router = APIRouter(tags=["workbench"], dependencies=[Depends(guard)], include_in_schema=False)
M = TypeVar("M", bound=BaseModel)
_LISTS = {"partner_ids", "case_ids"}


class _Invalid(Exception):
    pass


async def _body(request: Request, model: type[M]) -> M:
    form = await request.form()
    data: dict[str, Any] = {}
    for key in model.model_fields:
        if key in _LISTS:
            data[key] = [str(v) for v in form.getlist(key)]
        elif key in form and form[key] != "":
            data[key] = form[key]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _Invalid() from exc


def _back(case_id: uuid.UUID, error: str | None = None) -> Response:
    suffix = f"?error={error}" if error else ""
    return RedirectResponse(f"/cases/{case_id}{suffix}", status_code=303)


async def _run(request: Request, case_id: uuid.UUID, model: type[M] | None, call: Any) -> Response:
    try:
        body = await _body(request, model) if model is not None else None
    except _Invalid:
        return _back(case_id, "invalid")
    async with request.app.state.runtime.require_pool().acquire() as conn:
        await call(conn, body)
    return _back(case_id)


@router.post("/cases/{case_id}/claim")
async def claim(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    return await _run(request, case_id, None, lambda c, b: claims.claim(c, case_id=case_id, actor=actor_of(session)))


@router.post("/cases/{case_id}/unclaim")
async def unclaim(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    return await _run(request, case_id, None,
                      lambda c, b: claims.unclaim(c, case_id=case_id, actor=actor_of(session)))


@router.post("/cases/{case_id}/assign")
async def assign(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    return await _run(request, case_id, AssignIn, lambda c, b: claims.assign(
        c, case_id=case_id, actor=actor_of(session), assignee_id=b.assignee_id))


@router.post("/cases/{case_id}/notes")
async def note(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    return await _run(request, case_id, NoteIn, lambda c, b: decisions.add_note(
        c, case_id=case_id, actor=actor_of(session), text=b.text))


@router.post("/cases/{case_id}/info-requests")
async def request_info(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    return await _run(request, case_id, InfoRequestIn, lambda c, b: decisions.request_info(
        c, case_id=case_id, actor=actor_of(session), question=b.question, respond_by=b.respond_by))


@router.post("/cases/{case_id}/introductions")
async def approve(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    ctx = request.app.state.runtime.extras["context"]
    return await _run(request, case_id, IntroductionsIn, lambda c, b: introductions.approve(
        c, ctx, case_id=case_id, actor=actor_of(session), partner_ids=b.partner_ids, note=b.note))


@router.post("/cases/{case_id}/close")
async def close(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    return await _run(request, case_id, CloseIn, lambda c, b: decisions.close(
        c, case_id=case_id, actor=actor_of(session), reason_code=b.reason_code, reason_text=b.reason_text))


@router.post("/cases/{case_id}/reopen")
async def reopen(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    return await _run(request, case_id, ReopenIn, lambda c, b: decisions.reopen(
        c, case_id=case_id, actor=actor_of(session), reason_text=b.reason_text))


@router.post("/cases/{case_id}/gates/{gate}/clearance")
async def clear_gate(case_id: uuid.UUID, gate: str, request: Request, session: CurrentSession) -> Response:
    return await _run(request, case_id, ClearanceIn, lambda c, b: decisions.clear_gate(
        c, case_id=case_id, actor=actor_of(session), gate=gate, reason=b.reason))


@router.post("/cases/{case_id}/overrides")
async def override(case_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    def call(c: Any, b: OverrideIn) -> Any:
        return decisions.override_score(c, case_id=case_id, actor=actor_of(session), field=b.field, value=b.value,
                                        reason=b.reason)
    return await _run(request, case_id, OverrideIn, call)


@router.post("/introductions/{introduction_id}/outcomes")
async def outcome(introduction_id: uuid.UUID, request: Request, session: CurrentSession) -> Response:
    body = await _body(request, OutcomeIn)
    async with request.app.state.runtime.require_pool().acquire() as conn:
        case_id = await conn.fetchval("SELECT case_id FROM introductions WHERE id = $1", introduction_id)
        await introductions.record_outcome(conn, introduction_id=introduction_id, actor=actor_of(session),
                                           outcome=body.outcome)
    return _back(case_id)


@router.post("/queue/views")
async def save_view(request: Request, session: CurrentSession) -> Response:
    form = await request.form()
    query = {k: str(form[k]) for k in FILTER_KEYS if form.get(k)}
    name = str(form.get("name", "")).strip()[:200]
    if name:
        async with request.app.state.runtime.require_pool().acquire() as conn:
            await views.save(conn, owner_id=session.advisor.id, team=session.advisor.team, name=name, query=query,
                             shared=form.get("shared") == "on")
    return RedirectResponse("/queue?" + urlencode(query), status_code=303)


async def _bulk(request: Request, model: type[M], call: Any) -> Response:
    try:
        body = await _body(request, model)
    except _Invalid:
        return RedirectResponse("/queue?bulk=invalid", status_code=303)
    async with request.app.state.runtime.require_pool().acquire() as conn:
        results = await call(conn, body)
    ok = sum(1 for r in results if r["ok"])
    return RedirectResponse(f"/queue?bulk={ok}-{len(results) - ok}", status_code=303)


@router.post("/queue/bulk-close")
async def bulk_close(request: Request, session: CurrentSession) -> Response:
    return await _bulk(request, BulkCloseIn, lambda c, b: bulk.bulk_close(
        c, case_ids=b.case_ids, actor=actor_of(session), reason_code=b.reason_code, reason_text=b.reason_text))


@router.post("/queue/bulk-assign")
async def bulk_assign(request: Request, session: CurrentSession) -> Response:
    return await _bulk(request, BulkAssignIn, lambda c, b: bulk.bulk_assign(
        c, case_ids=b.case_ids, actor=actor_of(session), assignee_id=b.assignee_id))
