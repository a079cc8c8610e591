"""The advisors' JSON API: the queue and the case."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from ..adapters import cases as repo
from .auth import CurrentSession

router = APIRouter(prefix="/api/v1", tags=["cases"])


class CaseSummary(BaseModel):
    id: uuid.UUID
    enquiry_id: uuid.UUID
    reference: str | None
    status: str
    company_name: str | None
    kreis: str | None
    sector: str | None
    band: str | None
    readiness: float | None
    open_gates: int | None
    priority: str | None
    assignee: uuid.UUID | None
    sla_due_at: datetime | None
    opened_at: datetime | None


class CasePage(BaseModel):
    items: list[CaseSummary]
    total: int
    limit: int
    offset: int


class TimelineEntry(BaseModel):
    at: datetime
    kind: str
    actor: str | None
    data: dict[str, Any]


class CaseDetail(CaseSummary):
    language: str | None
    profile: dict[str, Any] | None
    contact: dict[str, Any] | None
    consents: dict[str, Any] | None
    assessment: dict[str, Any] | None = Field(description="The latest assessment with its reasons")
    timeline: list[TimelineEntry]


@router.get("/cases", response_model=CasePage)
async def list_cases(
    request: Request,
    session: CurrentSession,
    status: Annotated[Literal["open", "claimed", "waiting_for_company", "introduced", "closed",
                              "awaiting_assessment"] | None, Query()] = None,
    band: Annotated[Literal["A", "B", "C"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CasePage:
    """The queue, soonest SLA due first."""
    async with request.app.state.runtime.require_pool().acquire() as conn:
        rows, total = await repo.list_cases(conn, status=status, band=band, limit=limit, offset=offset)
    return CasePage(items=[CaseSummary(**dict(r)) for r in rows], total=total, limit=limit, offset=offset)


@router.get("/cases/{case_id}", response_model=CaseDetail)
async def get_case(case_id: uuid.UUID, request: Request, session: CurrentSession) -> CaseDetail:
    """One case with its assessment and timeline."""
    async with request.app.state.runtime.require_pool().acquire() as conn:
        row = await repo.get_case(conn, case_id)
        if row is None:
            raise HTTPException(404, "Not found")
        entries = await repo.timeline(conn, case_id)
    fields = {k: row[k] for k in CaseDetail.model_fields if k in row.keys()}
    return CaseDetail(**fields, timeline=[TimelineEntry(**dict(e)) for e in entries])
