"""HTML form posts of the workbench. Each parses the form into the JSON API's body model and calls the same
use case, so a decision is validated identically whichever way it arrives; then it redirects (303)."""
from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from ..adapters import views
from ..adapters.case_store import PgUnitOfWork, unit_of_work
from ..adapters.introduction_rows import case_of_introduction
from ..dependencies import Deps, Live
from ..use_cases.add_note import add_note
from ..use_cases.assign import assign as assign_case
from ..use_cases.bulk import bulk_assign as assign_cases
from ..use_cases.bulk import bulk_close as close_cases
from ..use_cases.claim import claim as claim_case
from ..use_cases.clear_gate import clear_gate as clear_gate_of_case
from ..use_cases.close import close as close_case
from ..use_cases.introduce import introduce
from ..use_cases.override_score import override_score
from ..use_cases.ports import UnitOfWork
from ..use_cases.record_outcome import record_outcome
from ..use_cases.release_result import release_result
from ..use_cases.reopen import reopen as reopen_case
from ..use_cases.request_information import request_information
from ..use_cases.set_reassessment import set_reassessment
from ..use_cases.unclaim import unclaim as unclaim_case
from .queue_filters import FILTER_KEYS
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
    ReassessmentIn,
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


Call = Callable[[UnitOfWork, Any], Awaitable[Any]]


async def _run(request: Request, runtime: Live, case_id: uuid.UUID, model: type[M] | None, call: Call) -> Response:
    try:
        body = await _body(request, model) if model is not None else None
    except _Invalid:
        return _back(case_id, "invalid")
    async with unit_of_work(runtime.require_pool()) as uow:
        await call(uow, body)
    return _back(case_id)


@router.post("/cases/{case_id}/claim")
async def claim(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    return await _run(request, runtime, case_id, None,
                      lambda u, b: claim_case(u, case_id=case_id, actor=actor_of(session), clock=deps.clock))


@router.post("/cases/{case_id}/unclaim")
async def unclaim(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                  runtime: Live) -> Response:
    return await _run(request, runtime, case_id, None,
                      lambda u, b: unclaim_case(u, case_id=case_id, actor=actor_of(session), clock=deps.clock))


@router.post("/cases/{case_id}/assign")
async def assign(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                 runtime: Live) -> Response:
    return await _run(request, runtime, case_id, AssignIn, lambda u, b: assign_case(
        u, case_id=case_id, actor=actor_of(session), assignee_id=b.assignee_id, clock=deps.clock,
        ui_base_url=deps.settings.ui_url))


@router.post("/cases/{case_id}/notes")
async def note(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    return await _run(request, runtime, case_id, NoteIn, lambda u, b: add_note(
        u, case_id=case_id, actor=actor_of(session), text=b.text, clock=deps.clock))


@router.post("/cases/{case_id}/info-requests")
async def request_info(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                       runtime: Live) -> Response:
    return await _run(request, runtime, case_id, InfoRequestIn, lambda u, b: request_information(
        u, case_id=case_id, actor=actor_of(session), question=b.question, respond_by=b.respond_by, clock=deps.clock))


@router.post("/cases/{case_id}/introductions")
async def approve(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                  runtime: Live) -> Response:
    return await _run(request, runtime, case_id, IntroductionsIn, lambda u, b: introduce(
        u, case_id=case_id, actor=actor_of(session), partner_ids=b.partner_ids, advisor_note=b.note,
        partners=deps.partners, public_base_url=deps.settings.ui_url, clock=deps.clock))


@router.post("/cases/{case_id}/close")
async def close(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    return await _run(request, runtime, case_id, CloseIn, lambda u, b: close_case(
        u, case_id=case_id, actor=actor_of(session), reason_code=b.reason_code, reason_text=b.reason_text,
        clock=deps.clock))


@router.post("/cases/{case_id}/reopen")
async def reopen(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                 runtime: Live) -> Response:
    return await _run(request, runtime, case_id, ReopenIn, lambda u, b: reopen_case(
        u, case_id=case_id, actor=actor_of(session), reason_text=b.reason_text, clock=deps.clock))


@router.post("/cases/{case_id}/result-release")
async def release(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                  runtime: Live) -> Response:
    return await _run(request, runtime, case_id, None,
                      lambda u, b: release_result(u, case_id=case_id, actor=actor_of(session), clock=deps.clock))


@router.post("/cases/{case_id}/gates/{gate}/clearance")
async def clear_gate(case_id: uuid.UUID, gate: str, request: Request, session: CurrentSession, deps: Deps,
                     runtime: Live) -> Response:
    return await _run(request, runtime, case_id, ClearanceIn, lambda u, b: clear_gate_of_case(
        u, case_id=case_id, actor=actor_of(session), gate=gate, reason=b.reason, clock=deps.clock))


@router.post("/cases/{case_id}/overrides")
async def override(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                   runtime: Live) -> Response:
    return await _run(request, runtime, case_id, OverrideIn, lambda u, b: override_score(
        u, case_id=case_id, actor=actor_of(session), field=b.field, value=b.value, reason=b.reason,
        clock=deps.clock))


@router.post("/cases/{case_id}/reassessment")
async def reassessment(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                       runtime: Live) -> Response:
    return await _run(request, runtime, case_id, ReassessmentIn, lambda u, b: set_reassessment(
        u, case_id=case_id, actor=actor_of(session), due_on=b.reassess_on, reason=b.reason, clock=deps.clock))


@router.post("/introductions/{introduction_id}/outcomes")
async def outcome(introduction_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                  runtime: Live) -> Response:
    body = await _body(request, OutcomeIn)
    async with runtime.require_pool().acquire() as conn:
        case_id = await case_of_introduction(conn, introduction_id)
        await record_outcome(PgUnitOfWork(conn), introduction_id=introduction_id, actor=actor_of(session),
                             outcome=body.outcome, clock=deps.clock)
    assert case_id is not None  # record_outcome refuses an unknown introduction
    return _back(case_id)


@router.post("/queue/views")
async def save_view(request: Request, session: CurrentSession, runtime: Live) -> Response:
    form = await request.form()
    query = {k: str(form[k]) for k in FILTER_KEYS if form.get(k)}
    name = str(form.get("name", "")).strip()[:200]
    if name:
        async with runtime.require_pool().acquire() as conn:
            await views.save(conn, owner_id=session.advisor.id, team=session.advisor.team, name=name, query=query,
                             shared=form.get("shared") == "on")
    return RedirectResponse("/queue?" + urlencode(query), status_code=303)


async def _bulk(request: Request, runtime: Live, model: type[M], call: Call) -> Response:
    try:
        body = await _body(request, model)
    except _Invalid:
        return RedirectResponse("/queue?bulk=invalid", status_code=303)
    async with unit_of_work(runtime.require_pool()) as uow:
        results = await call(uow, body)
    ok = sum(1 for r in results if r["ok"])
    return RedirectResponse(f"/queue?bulk={ok}-{len(results) - ok}", status_code=303)


@router.post("/queue/bulk-close")
async def bulk_close(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    return await _bulk(request, runtime, BulkCloseIn, lambda u, b: close_cases(
        u, case_ids=b.case_ids, actor=actor_of(session), reason_code=b.reason_code, reason_text=b.reason_text,
        clock=deps.clock))


@router.post("/queue/bulk-assign")
async def bulk_assign(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    return await _bulk(request, runtime, BulkAssignIn, lambda u, b: assign_cases(
        u, case_ids=b.case_ids, actor=actor_of(session), assignee_id=b.assignee_id, clock=deps.clock,
        ui_base_url=deps.settings.ui_url))
