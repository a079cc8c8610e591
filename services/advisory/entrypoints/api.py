"""The advisors' JSON API: the queue, the case, advisors and saved views."""
from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from shared.problems import problem_responses
from shared.strict_json import strict_json_body

from ..adapters import audit_log, queue, views
from ..adapters.case_view import case_detail
from ..dependencies import Deps, Live
from .queue_filters import FILTER_KEYS, BadQuery, parse_queue_query
from .schemas import CaseDetail, CasePage, CaseSummary, ViewIn
from .security import CurrentSession, guard

router = APIRouter(prefix="/api/v1", tags=["cases"], dependencies=[Depends(guard), Depends(strict_json_body)],
                   responses=problem_responses(401, 403, 404, 422))


@router.get("/cases", response_model=CasePage)
async def list_cases(request: Request, session: CurrentSession, runtime: Live) -> CasePage:
    """The queue. `q` searches name, reference, register number, contact, competence evidence, offerings and notes
    (German stemming; misspelt names found by similarity) and ranks the results by relevance. Filters: status,
    band, area (CAxx), region (Regierungsbezirk or Kreis), assignee (me/unassigned/anyone), gates_open, overdue;
    sort: due | priority | age; limit/offset paging."""
    try:
        q = parse_queue_query(request.query_params)
    except BadQuery as exc:
        raise HTTPException(422, f"Invalid filter: {exc}") from None
    async with runtime.require_pool().acquire() as conn:
        rows, total, capped = await queue.list_cases(conn, q, me=session.advisor.id)
    return CasePage(items=[CaseSummary(**dict(r)) for r in rows], total=total, total_capped=capped,
                    limit=q.limit, offset=q.offset)


@router.get("/cases/{case_id}", response_model=CaseDetail)
async def get_case(case_id: uuid.UUID, session: CurrentSession, deps: Deps, runtime: Live) -> CaseDetail:
    """One case with its assessment, gates, introductions and timeline (the view is written to the audit log)."""
    async with runtime.require_pool().acquire() as conn:
        case = await case_detail(conn, case_id)
        if case is not None:
            await audit_log.record(conn, at=deps.clock.now(), kind="case_viewed", actor=session.advisor.email,
                                   actor_id=session.advisor.id, case_id=case_id)
    if case is None:
        raise HTTPException(404, "Not found")
    return CaseDetail(**{k: v for k, v in case.items() if k in CaseDetail.model_fields})


@router.get("/advisors")
async def list_advisors(session: CurrentSession, runtime: Live) -> list[dict[str, Any]]:
    async with runtime.require_pool().acquire() as conn:
        return await views.advisors(conn)


@router.get("/views")
async def list_views(session: CurrentSession, runtime: Live) -> list[dict[str, Any]]:
    """The caller's own views and the views shared within their team."""
    async with runtime.require_pool().acquire() as conn:
        return await views.visible_to(conn, advisor_id=session.advisor.id, team=session.advisor.team)


@router.post("/views", status_code=201)
async def save_view(body: ViewIn, session: CurrentSession, runtime: Live) -> dict[str, Any]:
    query = {k: v for k, v in body.query.items() if k in FILTER_KEYS and v not in (None, "", False)}
    try:
        parse_queue_query({k: str(v) for k, v in query.items()})
    except BadQuery as exc:
        raise HTTPException(422, f"Invalid filter: {exc}") from None
    async with runtime.require_pool().acquire() as conn:
        view_id = await views.save(conn, owner_id=session.advisor.id, team=session.advisor.team, name=body.name,
                                   query=query, shared=body.shared)
    return {"id": str(view_id)}


@router.delete("/views/{view_id}", status_code=204)
async def delete_view(view_id: uuid.UUID, session: CurrentSession, runtime: Live) -> None:
    async with runtime.require_pool().acquire() as conn:
        if not await views.delete(conn, view_id=view_id, owner_id=session.advisor.id):
            raise HTTPException(404, "No such view of yours")
