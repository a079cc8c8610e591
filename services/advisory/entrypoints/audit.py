"""The audit log for operators and leads (issue 16): JSON API and a simple page, newest first, by kind or case."""
from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from shared.problems import problem_responses

from ..adapters import audit_log
from ..dependencies import Deps, Live
from ..presentation.pages import render
from .security import CurrentSession, guard

router = APIRouter(tags=["audit"], dependencies=[Depends(guard)], responses=problem_responses(401, 403, 422))


def _filters(kind: str | None, case_id: str | None, before: str | None) -> tuple[str | None, uuid.UUID | None,
                                                                                   int | None]:
    if kind and kind not in audit_log.KINDS:
        raise HTTPException(422, "Invalid filter: kind")
    try:
        return kind or None, uuid.UUID(case_id) if case_id else None, int(before) if before else None
    except ValueError:
        raise HTTPException(422, "Invalid filter: case_id or before") from None


@router.get("/api/v1/audit", summary="The audit log, newest first")
async def audit_api(session: CurrentSession, runtime: Live, kind: str | None = None, case_id: str | None = None,
                    before: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Logins, case views, exports, decisions, role changes and erasures. `before` (an entry id) pages back."""
    k, c, b = _filters(kind, case_id, before)
    if not 1 <= limit <= 500:
        raise HTTPException(422, "Invalid filter: limit")
    async with runtime.require_pool().acquire() as conn:
        return [asdict(e) for e in await audit_log.entries(conn, kind=k, case_id=c, before_id=b, limit=limit)]


@router.get("/audit", include_in_schema=False)
async def audit_page(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    p = request.query_params
    k, c, b = _filters(p.get("kind"), p.get("case_id"), p.get("before"))
    async with runtime.require_pool().acquire() as conn:
        entries = await audit_log.entries(conn, kind=k, case_id=c, before_id=b, limit=100)
    older = f"/audit?kind={k or ''}&before={entries[-1].id}" if len(entries) == 100 else None
    return render(request, "audit.html", taxonomy=deps.taxonomy, session=session, entries=entries,
                  kinds=audit_log.KINDS, kind=k, older=older)
