"""The advisors' decisions over JSON. Refusals become problem+json (409/422/403) via the app's handler."""
from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends

from shared.problems import problem_responses
from shared.strict_json import strict_json_body

from ..adapters.case_store import unit_of_work
from ..dependencies import Deps, Live
from ..use_cases.add_note import add_note as add_note_to_case
from ..use_cases.assign import assign as assign_case
from ..use_cases.bulk import bulk_assign as assign_cases
from ..use_cases.bulk import bulk_close as close_cases
from ..use_cases.claim import claim as claim_case
from ..use_cases.clear_gate import clear_gate as clear_gate_of_case
from ..use_cases.close import close as close_case
from ..use_cases.introduce import introduce
from ..use_cases.override_score import override_score
from ..use_cases.record_outcome import record_outcome as record_outcome_of_introduction
from ..use_cases.release_result import release_result
from ..use_cases.reopen import reopen as reopen_case
from ..use_cases.request_information import request_information
from ..use_cases.set_reassessment import set_reassessment
from ..use_cases.unclaim import unclaim as unclaim_case
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

router = APIRouter(prefix="/api/v1", tags=["decisions"], dependencies=[Depends(guard), Depends(strict_json_body)],
                   responses=problem_responses(401, 403, 404, 409, 422))


def _brief(case: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(case["id"]), "status": case["status"],
            "assignee": str(case["assignee"]) if case["assignee"] else None, "version": case["version"]}


@router.post("/cases/{case_id}/claim")
async def claim(case_id: uuid.UUID, session: CurrentSession, deps: Deps, runtime: Live) -> dict[str, Any]:
    """Take the case; 409 when someone else holds it."""
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await claim_case(uow, case_id=case_id, actor=actor_of(session), clock=deps.clock))


@router.post("/cases/{case_id}/unclaim")
async def unclaim(case_id: uuid.UUID, session: CurrentSession, deps: Deps, runtime: Live) -> dict[str, Any]:
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await unclaim_case(uow, case_id=case_id, actor=actor_of(session), clock=deps.clock))


@router.post("/cases/{case_id}/assign")
async def assign(case_id: uuid.UUID, body: AssignIn, session: CurrentSession, deps: Deps,
                 runtime: Live) -> dict[str, Any]:
    """A lead (re)assigns the case."""
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await assign_case(uow, case_id=case_id, actor=actor_of(session),
                                        assignee_id=body.assignee_id, clock=deps.clock,
                                        ui_base_url=deps.settings.ui_url))


@router.post("/cases/{case_id}/notes", status_code=201)
async def add_note(case_id: uuid.UUID, body: NoteIn, session: CurrentSession, deps: Deps,
                   runtime: Live) -> dict[str, Any]:
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await add_note_to_case(uow, case_id=case_id, actor=actor_of(session), text=body.text,
                                             clock=deps.clock))


@router.post("/cases/{case_id}/info-requests", status_code=201)
async def request_info(case_id: uuid.UUID, body: InfoRequestIn, session: CurrentSession, deps: Deps,
                       runtime: Live) -> dict[str, Any]:
    """Ask the company; the SLA clock pauses until it amends its enquiry."""
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await request_information(uow, case_id=case_id, actor=actor_of(session),
                                                question=body.question, respond_by=body.respond_by,
                                                clock=deps.clock))


@router.post("/cases/{case_id}/introductions", status_code=201)
async def approve_introductions(case_id: uuid.UUID, body: IntroductionsIn, session: CurrentSession, deps: Deps,
                                runtime: Live) -> dict[str, Any]:
    """Introduce the company to partners; 409 while a gate is open, 422 without the company's consent."""
    async with unit_of_work(runtime.require_pool()) as uow:
        created = await introduce(uow, case_id=case_id, actor=actor_of(session), partner_ids=body.partner_ids,
                                  advisor_note=body.note, partners=deps.partners,
                                  public_base_url=deps.settings.ui_url, clock=deps.clock)
    return {"introductions": created}


@router.post("/cases/{case_id}/close")
async def close(case_id: uuid.UUID, body: CloseIn, session: CurrentSession, deps: Deps,
                runtime: Live) -> dict[str, Any]:
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await close_case(uow, case_id=case_id, actor=actor_of(session), reason_code=body.reason_code,
                                       reason_text=body.reason_text, notify_company=body.notify_company,
                                       clock=deps.clock))


@router.post("/cases/{case_id}/reopen")
async def reopen(case_id: uuid.UUID, body: ReopenIn, session: CurrentSession, deps: Deps,
                 runtime: Live) -> dict[str, Any]:
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await reopen_case(uow, case_id=case_id, actor=actor_of(session),
                                        reason_text=body.reason_text, clock=deps.clock))


@router.post("/cases/{case_id}/result-release")
async def release(case_id: uuid.UUID, session: CurrentSession, deps: Deps, runtime: Live) -> dict[str, Any]:
    """Release the case's newest assessment result to the company (its status page shows it); 409 when there is
    no assessment or the newest result was released already."""
    async with unit_of_work(runtime.require_pool()) as uow:
        case = await release_result(uow, case_id=case_id, actor=actor_of(session), clock=deps.clock)
    return {**_brief(case), "result_released_revision": case["result_released_revision"]}


@router.post("/cases/{case_id}/gates/{gate}/clearance")
async def clear_gate(case_id: uuid.UUID, gate: str, body: ClearanceIn, session: CurrentSession, deps: Deps,
                     runtime: Live) -> dict[str, Any]:
    """A lead clears an open gate with a reason."""
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await clear_gate_of_case(uow, case_id=case_id, actor=actor_of(session), gate=gate,
                                               reason=body.reason, clock=deps.clock))


@router.post("/cases/{case_id}/overrides")
async def override(case_id: uuid.UUID, body: OverrideIn, session: CurrentSession, deps: Deps,
                   runtime: Live) -> dict[str, Any]:
    async with unit_of_work(runtime.require_pool()) as uow:
        return _brief(await override_score(uow, case_id=case_id, actor=actor_of(session), field=body.field,
                                           value=body.value, reason=body.reason, clock=deps.clock))


@router.post("/cases/{case_id}/reassessment")
async def reassessment(case_id: uuid.UUID, body: ReassessmentIn, session: CurrentSession, deps: Deps,
                       runtime: Live) -> dict[str, Any]:
    """A lead sets the re-assessment date (reminder to the advisor, invitation to a consenting company) or, with
    null, cancels it; 422 for a date not after today or more than two years ahead."""
    async with unit_of_work(runtime.require_pool()) as uow:
        case = await set_reassessment(uow, case_id=case_id, actor=actor_of(session), due_on=body.reassess_on,
                                      reason=body.reason, clock=deps.clock)
    reassess_on = case["reassess_on"]
    return {**_brief(case), "reassess_on": reassess_on.isoformat() if reassess_on else None}


@router.post("/introductions/{introduction_id}/outcomes", status_code=201)
async def record_outcome(introduction_id: uuid.UUID, body: OutcomeIn, session: CurrentSession, deps: Deps,
                         runtime: Live) -> dict[str, Any]:
    async with unit_of_work(runtime.require_pool()) as uow:
        return await record_outcome_of_introduction(uow, introduction_id=introduction_id, actor=actor_of(session),
                                                    outcome=body.outcome, clock=deps.clock)


@router.post("/bulk/assign")
async def bulk_assign(body: BulkAssignIn, session: CurrentSession, deps: Deps, runtime: Live) -> dict[str, Any]:
    """Assign many cases; every case is validated like a single assignment and reported on its own."""
    async with unit_of_work(runtime.require_pool()) as uow:
        return {"results": await assign_cases(uow, case_ids=body.case_ids, actor=actor_of(session),
                                              assignee_id=body.assignee_id, clock=deps.clock,
                                              ui_base_url=deps.settings.ui_url)}


@router.post("/bulk/close")
async def bulk_close(body: BulkCloseIn, session: CurrentSession, deps: Deps, runtime: Live) -> dict[str, Any]:
    async with unit_of_work(runtime.require_pool()) as uow:
        return {"results": await close_cases(uow, case_ids=body.case_ids, actor=actor_of(session),
                                             reason_code=body.reason_code, reason_text=body.reason_text,
                                             clock=deps.clock)}
