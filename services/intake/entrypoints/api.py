"""The public JSON API: submit an enquiry, read its status."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shared.contracts.advisory import ReleasedArea, ReleasedCriterion, ReleasedStep
from shared.db import DB_UNAVAILABLE
from shared.failpoints import failpoint
from shared.problems import FieldError, Problem, problem_response
from shared.strict_json import strict_json_body

from ..adapters.enquiry_store import PgEnquiryStore
from ..adapters.queries import get_enquiry
from ..adapters.result_store import released_result
from ..adapters.unit_of_work import PgUnitOfWork
from ..dependencies import Deps, Live
from ..domain.decoy import decoy_for
from ..domain.known_ids import unknown_ids
from ..domain.reference import token_matches
from ..domain.submission import EnquirySubmission
from ..use_cases import submit
from .honeypot import record_honeypot_hit

# Consent and declarations are legal facts: a repeated key or a "true" string is refused (shared/strict_json.py).
router = APIRouter(prefix="/api/v1", tags=["enquiries"], dependencies=[Depends(strict_json_body)])


class EnquiryAccepted(BaseModel):
    enquiry_id: uuid.UUID
    reference: str = Field(description="Quote it in every contact with us; it also finds every log line")
    status_url: str = Field(description="Private link to the enquiry's status; keep it to yourself")


class ReleasedResultView(BaseModel):
    """The assessment result an advisor released to the company, as ids and numbers (names, levels and step texts
    are in the taxonomy of `taxonomy_version`, in German and English)."""

    assessment_revision: int
    taxonomy_version: str
    released_at: datetime
    top_areas: list[ReleasedArea] = Field(description="The strongest capability areas, best first")
    readiness: list[ReleasedCriterion] = Field(description="Readiness criteria R1-R7, each scored 0-3")
    development_plan: list[ReleasedStep] = Field(description="Next steps: the taxonomy's development step for the "
                                                             "criterion at `rung`, and the NRW body that helps")
    open_items: list[str] = Field(description="Things the company can do now, by id (e.g. "
                                              "name_export_control_officer, set_up_icp, apply_for_ncage)")


class EnquiryStatusView(BaseModel):
    enquiry_id: uuid.UUID
    reference: str
    status: str = Field(description="received | in_assessment | with_advisor | waiting_for_you | introduced | closed")
    submitted_at: datetime
    updated_at: datetime
    result: ReleasedResultView | None = Field(default=None, description="Once an advisor released it")


def _problem(description: str, *, retry_after: bool = False) -> dict[str, object]:
    response: dict[str, object] = {"model": Problem, "description": description}
    if retry_after:
        response["headers"] = {"Retry-After": {"description": "Seconds to wait before retrying",
                                               "schema": {"type": "integer"}}}
    return response


ERRORS: dict[int | str, dict[str, Any]] = {
    409: _problem("Idempotency-Key reused with another body"),
    413: _problem("Body too large"),
    422: _problem("Invalid enquiry; `errors` lists each field"),
    429: _problem("Too many requests from this client; retry after the given seconds", retry_after=True),
    503: _problem("Temporarily unable to store; retry after the given seconds", retry_after=True),
}


@router.post("/enquiries", status_code=202, response_model=EnquiryAccepted, responses=ERRORS)
async def submit_enquiry(
    submission: EnquirySubmission,
    deps: Deps,
    runtime: Live,
    idempotency_key: Annotated[str | None, Header(max_length=200, pattern=r"^[\x21-\x7e]{1,200}$")] = None,
) -> JSONResponse:
    """Submit an enquiry. Answers at once; the assessment follows asynchronously."""
    if submission.website_confirm:
        # Honeypot filled in: answer exactly like a success (a decoy whose status link works), store nothing.
        decoy = record_honeypot_hit(deps, source="api")
        body = EnquiryAccepted(enquiry_id=decoy.enquiry_id, reference=decoy.reference,
                               status_url=deps.status_url(decoy.enquiry_id))
        return JSONResponse(body.model_dump(mode="json"), status_code=202,
                            headers={"Location": f"/api/v1/enquiries/{decoy.enquiry_id}/status"})
    if unknown := unknown_ids(submission, deps.known_ids):
        errors = [FieldError(field=".".join(str(p) for p in u.loc), message=u.message, type=u.type) for u in unknown]
        return problem_response(422, "The request is not valid.", "See errors for each field.", errors=errors)
    try:
        accepted = await submit.submit_enquiry(
            PgUnitOfWork(runtime.require_pool(), PgEnquiryStore), submission, idempotency_key=idempotency_key,
            source="api", clock=deps.clock, status_url=deps.status_url,
        )
        failpoint("intake.after_commit_before_response")  # the client sees no answer and must retry
    except submit.IdempotencyConflict:
        return problem_response(409, "Idempotency-Key already used with a different request body")
    except DB_UNAVAILABLE:
        return problem_response(503, "Temporarily unavailable", "Nothing was stored. Please retry.",
                                headers={"Retry-After": "5"})
    deps.metrics.enquiries_accepted.labels(submission.company.sector_of_origin.value,
                                           submission.company.kreis).inc()
    body = EnquiryAccepted(enquiry_id=accepted.enquiry_id, reference=accepted.reference,
                           status_url=deps.status_url(accepted.enquiry_id))
    return JSONResponse(body.model_dump(mode="json"), status_code=202,
                        headers={"Location": f"/api/v1/enquiries/{accepted.enquiry_id}/status"})


@router.get("/enquiries/{enquiry_id}/status", response_model=EnquiryStatusView,
            responses={404: _problem("Unknown enquiry or wrong token"), 422: _problem("Invalid id or token")})
async def enquiry_status(enquiry_id: uuid.UUID, deps: Deps, runtime: Live,
                         token: Annotated[str, Query(min_length=10, max_length=100)]) -> JSONResponse:
    """The status of one enquiry; needs the token from the private status link."""
    # Same answer for unknown id and wrong token: no enumeration.
    if not token_matches(deps.settings.status_token_secret, enquiry_id, token):
        return problem_response(404, "Not found")
    if decoy := decoy_for(deps.settings.status_token_secret, enquiry_id):
        view = EnquiryStatusView(enquiry_id=enquiry_id, reference=decoy.reference, status="received",
                                 submitted_at=decoy.submitted_at, updated_at=decoy.submitted_at)
        return JSONResponse(view.model_dump(mode="json"), headers={"Cache-Control": "no-store"})
    async with runtime.require_pool().acquire() as conn:
        row = await get_enquiry(conn, enquiry_id)
        released = await released_result(conn, enquiry_id) if row is not None else None
    if row is None:
        return problem_response(404, "Not found")
    view = EnquiryStatusView(enquiry_id=row["id"], reference=row["reference"], status=row["status"],
                             submitted_at=row["submitted_at"], updated_at=row["updated_at"],
                             result=ReleasedResultView.model_validate(released) if released else None)
    return JSONResponse(view.model_dump(mode="json"), headers={"Cache-Control": "no-store"})
