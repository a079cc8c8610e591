"""Operators file erasure requests (GDPR Art. 17) and follow them; bearer OPERATOR_TOKEN."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from shared.operator_auth import require_operator
from shared.problems import Problem
from shared.service import Runtime

from ..adapters.erasure_store import PgErasureStore
from ..adapters.queries import get_erasure_request
from ..adapters.unit_of_work import PgUnitOfWork
from ..dependencies import Deps, Live
from ..use_cases.erase import request_erasure

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Operator token missing or wrong"},
    404: {"model": Problem, "description": "Unknown (or already erased) reference or request"},
    422: {"model": Problem, "description": "Invalid request"},
}
router = APIRouter(prefix="/api/v1/erasure-requests", tags=["gdpr"], dependencies=[Depends(require_operator)],
                   responses=_ERRORS)


class ErasureRequestIn(BaseModel):
    reference: Annotated[str, Field(pattern=r"^DN-\d{4}-[0-9A-Z]{6}$", description="Any enquiry of the company")]


class ErasureRequestView(BaseModel):
    request_id: uuid.UUID
    enquiries: int
    services_done: list[str]
    requested_at: datetime
    completed_at: datetime | None


@router.post("", status_code=202, response_model=ErasureRequestView)
async def file_request(body: ErasureRequestIn, deps: Deps, runtime: Live) -> ErasureRequestView:
    """Erase every enquiry of the company behind `reference` from all services and the event stream."""
    request_id = await request_erasure(PgUnitOfWork(runtime.require_pool(), PgErasureStore), body.reference,
                                       clock=deps.clock)
    if request_id is None:
        raise HTTPException(404, "No enquiry with this reference, or it was erased already")
    return await _view(runtime, request_id)


@router.get("/{request_id}", response_model=ErasureRequestView)
async def follow_request(request_id: uuid.UUID, runtime: Live) -> ErasureRequestView:
    return await _view(runtime, request_id)


async def _view(runtime: Runtime, request_id: uuid.UUID) -> ErasureRequestView:
    async with runtime.require_pool().acquire() as conn:
        row = await get_erasure_request(conn, request_id)
    if row is None:
        raise HTTPException(404, "Not found")
    return ErasureRequestView(request_id=row["id"], enquiries=row["enquiry_count"],
                              services_done=list(row["services_done"]), requested_at=row["requested_at"],
                              completed_at=row["completed_at"])
