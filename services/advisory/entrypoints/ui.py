"""The advisors' HTML workbench: login, the queue and the case page (forms post to ui_actions)."""
from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import EmailStr, TypeAdapter, ValidationError

from shared.contracts.vocab import NRW_REGIONS

from ..adapters import audit_log, queue, views
from ..adapters.case_view import case_detail
from ..dependencies import Deps, Live
from ..domain.rules import consented_partners
from ..presentation.case_page import case_page as case_page_view
from ..presentation.pages import language, render
from ..presentation.profile_facts import profile_facts
from ..presentation.queue_export import COLUMNS as EXPORT_COLUMNS
from ..presentation.queue_export import DEFAULT_COLUMNS as EXPORT_DEFAULTS
from .auth import log_in, log_out
from .queue_filters import FILTER_KEYS, BadQuery, parse_queue_query
from .security import CurrentSession, guard

router = APIRouter(tags=["workbench"], dependencies=[Depends(guard)], include_in_schema=False)
_EMAIL = TypeAdapter(EmailStr)


@router.get("/")
async def home() -> Response:
    return RedirectResponse("/queue", status_code=303)


@router.get("/login")
async def login_page(request: Request, deps: Deps) -> Response:
    return render(request, "login.html", taxonomy=deps.taxonomy, error=None)


@router.post("/login")
async def login_form(request: Request, deps: Deps, runtime: Live) -> Response:
    form = await request.form()
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    try:
        _EMAIL.validate_python(email)
    except ValidationError:
        return render(request, "login.html", taxonomy=deps.taxonomy, error="login.failed", status=401)
    response = RedirectResponse("/queue", status_code=303)
    try:
        await log_in(request, response, deps=deps, runtime=runtime, email=email, password=password)
    except HTTPException as exc:
        key = "login.throttled" if exc.status_code == 429 else "login.failed"
        return render(request, "login.html", taxonomy=deps.taxonomy, error=key, status=exc.status_code)
    return response


@router.post("/logout")
async def logout_form(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    response = RedirectResponse("/login", status_code=303)
    await log_out(request, response, deps=deps, runtime=runtime)
    return response


def _page_links(params: dict[str, str], *, offset: int, limit: int, total: int) -> dict[str, str | None]:
    def link(new_offset: int) -> str:
        return "/queue?" + urlencode({**params, "offset": str(new_offset)})

    return {"prev": link(max(0, offset - limit)) if offset > 0 else None,
            "next": link(offset + limit) if offset + limit < total else None}


@router.get("/queue")
async def queue_page(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    try:
        q = parse_queue_query(request.query_params)
    except BadQuery:
        q = parse_queue_query({})
    filters = {k: request.query_params[k] for k in FILTER_KEYS if request.query_params.get(k)}
    async with runtime.require_pool().acquire() as conn:
        rows, total, capped = await queue.list_cases(conn, q, me=session.advisor.id)
        saved = await views.visible_to(conn, advisor_id=session.advisor.id, team=session.advisor.team)
        advisors = await views.advisors(conn)
    names = {a["id"]: a["name"] for a in advisors}
    taxonomy = deps.taxonomy
    return render(request, "queue.html", taxonomy=taxonomy, session=session, cases=[dict(r) for r in rows],
                  total=total, capped=capped, q=q, filters=filters, saved=[_view_link(v) for v in saved],
                  advisors=advisors, names=names, areas=[a.id for a in taxonomy.capability_areas], regions=NRW_REGIONS,
                  pages=_page_links(filters, offset=q.offset, limit=q.limit, total=total),
                  filters_without_search=urlencode({k: v for k, v in filters.items() if k != "q"}),
                  export_columns=EXPORT_COLUMNS, export_defaults=EXPORT_DEFAULTS,
                  bulk=request.query_params.get("bulk"))


def _view_link(view: dict[str, Any]) -> dict[str, Any]:
    return {**view, "href": "/queue?" + urlencode({k: str(v) for k, v in view["query"].items()})}


@router.get("/cases/{case_id}")
async def case_page(case_id: uuid.UUID, request: Request, session: CurrentSession, deps: Deps,
                    runtime: Live) -> Response:
    async with runtime.require_pool().acquire() as conn:
        case = await case_detail(conn, case_id)
        advisors = await views.advisors(conn)
        if case is not None and case["status"] != "awaiting_assessment":
            await audit_log.record(conn, at=deps.clock.now(), kind="case_viewed", actor=session.advisor.email,
                                   actor_id=session.advisor.id, case_id=case_id)
    if case is None or case["status"] == "awaiting_assessment":
        raise HTTPException(404, "Not found")
    consented = consented_partners(case["consents"], deps.partners.ids)
    view = case_page_view(case, lang=language(request), explanations=deps.explanations, taxonomy=deps.taxonomy,
                          now=deps.clock.now(), consented=consented, timeline_kind=request.query_params.get("kind"))
    facts = profile_facts(case["profile"] or {}, case["consents"] or {}, lang=language(request),
                          partner_names={p.id: p.name for p in deps.partners.partners})
    return render(request, "case.html", taxonomy=deps.taxonomy, session=session, case=case, advisors=advisors,
                  consented=consented, error=request.query_params.get("error"), view=view, facts=facts)
