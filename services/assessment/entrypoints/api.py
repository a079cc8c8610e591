"""Read API: the latest assessment of an enquiry, and its revisions."""
from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from shared.problems import problem_responses

from ..adapters import assessments as repo

router = APIRouter(prefix="/api/v1", tags=["assessments"], responses=problem_responses(404, 422))


@router.get("/assessments/{enquiry_id}")
async def latest_assessment(enquiry_id: uuid.UUID, request: Request) -> dict[str, Any]:
    """The newest assessment revision with all its reasons."""
    async with request.app.state.runtime.require_pool().acquire() as conn:
        row = await repo.latest(conn, enquiry_id)
        history = await repo.revisions(conn, enquiry_id)
    if row is None:
        raise HTTPException(404, "Not found")
    return {"assessment": row["result"], "revisions": [dict(r) for r in history]}


@router.get("/taxonomy")
async def taxonomy(request: Request) -> dict[str, Any]:
    """The taxonomy version in force (fields, areas, criteria, gates)."""
    data = request.app.state.runtime.extras["reference_data"]
    return data.taxonomy.model_dump(mode="json")
