"""The queue as a file (issue 16): the page's filters and search, the columns chosen, CSV or XLSX; leads and
operators only (policy.py), every export written to the audit log with its filters, columns and row count."""
from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from shared.problems import problem_responses

from ..adapters import audit_log, queue, views
from ..dependencies import Deps, Live
from ..presentation.i18n import translate
from ..presentation.pages import language
from ..presentation.queue_export import FORMATS, chosen_columns, table, to_csv, to_xlsx
from .queue_filters import FILTER_KEYS, BadQuery, parse_queue_query
from .security import CurrentSession, guard

EXPORT_MAX_ROWS = 50_000  # a month's report is hundreds of rows; the cap keeps one request's memory bounded

router = APIRouter(tags=["exports"], dependencies=[Depends(guard)], responses=problem_responses(401, 403, 422))


async def _export(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    params = request.query_params
    fmt = params.get("format") or "csv"
    if fmt not in FORMATS:
        raise HTTPException(422, "Invalid format: csv or xlsx")
    try:
        q = dataclasses.replace(parse_queue_query(params), limit=EXPORT_MAX_ROWS, offset=0)
        columns = chosen_columns(params.getlist("columns"))
    except BadQuery as exc:
        raise HTTPException(422, f"Invalid filter: {exc}") from None
    except ValueError as exc:
        raise HTTPException(422, f"Invalid column: {exc}") from None
    lang = language(request)
    now = deps.clock.now()
    async with runtime.require_pool().acquire() as conn:
        rows, _, _ = await queue.list_cases(conn, q, me=session.advisor.id)
        names = {a["id"]: a["name"] for a in await views.advisors(conn)}
        await audit_log.record(conn, at=now, kind="export", actor=session.advisor.email, actor_id=session.advisor.id,
                               detail={"format": fmt, "columns": columns, "rows": len(rows),
                                       "filters": {k: params[k] for k in FILTER_KEYS if params.get(k)}})
    header, body = table([dict(r) for r in rows], columns, t=lambda key, **v: translate(lang, key, **v),
                         names=names)
    sheet = translate(lang, "export.sheet")
    content = to_csv(header, body) if fmt == "csv" else to_xlsx(header, body, sheet=sheet)
    media_type, suffix = FORMATS[fmt]
    filename = f"{sheet}-{now:%Y-%m-%d}.{suffix}"
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


# The file types the route answers with, documented so clients (and the schemathesis run) know them.
_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The file, as an attachment",
          "content": {media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                      for media_type, _ in FORMATS.values()}},
}


@router.get("/api/v1/exports/queue", summary="The filtered queue as CSV or XLSX", response_class=Response,
            responses=_FILE_RESPONSES)
async def export_queue_api(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    """The queue's filters and `q` as in GET /api/v1/cases; `format` csv | xlsx; `columns` repeated (default:
    reference, company, status, band, readiness, Kreis, assignee, opened). Written to the audit log."""
    return await _export(request, session, deps, runtime)


@router.get("/queue/export", include_in_schema=False)
async def export_queue_page(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    return await _export(request, session, deps, runtime)
