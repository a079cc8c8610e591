"""Read API: the latest assessment of an enquiry, and its revisions; the taxonomy in force."""
from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from shared.operator_auth import require_internal_caller
from shared.problems import problem_responses
from shared.service import Runtime, app_runtime

from ..adapters.assessments import assessment_history
from ..dependencies import Deps

# Service-internal: no browser and no company calls it (the proxy does not expose it either); it names screened
# shareholders and consented partners, so it needs the service credential (or the operator token).
router = APIRouter(prefix="/api/v1", tags=["assessments"], dependencies=[Depends(require_internal_caller)],
                   responses=problem_responses(401, 404, 422))


@router.get("/assessments/{enquiry_id}")
async def latest_assessment(enquiry_id: uuid.UUID,
                            runtime: Annotated[Runtime, Depends(app_runtime)]) -> dict[str, Any]:
    """The newest assessment revision with all its reasons."""
    history = await assessment_history(runtime.require_pool(), enquiry_id)
    if history is None:
        raise HTTPException(404, "Not found")
    return {"assessment": history.latest, "revisions": history.revisions}


@router.get("/taxonomy")
async def taxonomy(deps: Deps) -> dict[str, Any]:
    """The taxonomy version in force (fields, areas, criteria, gates)."""
    return deps.reference_data.taxonomy.model_dump(mode="json")
