"""An advisor releases the case's assessment result to the company (issue 15 item 6): what the company may see
goes to intake as data in `advisory.result.released.v1`; the timeline (and so the audit log) records who did it."""
from __future__ import annotations

import uuid

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import ResultReleasedV1

from ..domain.result import released_result
from ..domain.rules import Actor, Refused, require_holder_or_lead
from .case_steps import emit, locked_case, record
from .ports import Case, UnitOfWork


async def release_result(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, clock: Clock) -> Case:
    """409 when the case has no assessment or its newest result was released already; 403 for an advisor who does
    not hold the case."""
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        require_holder_or_lead(case, actor)
        result = released_result(case["assessment"])
        revision = max(int(case["assessment_revision"] or 1), result["assessment_revision"])
        released = case.get("result_released_revision")
        if released is not None and released >= revision:
            raise Refused(409, "already_released", "The newest result of this case was released already.")
        case = await store.mark_result_released(case_id, revision=revision, released_at=clock.now())
        event = ResultReleasedV1.model_validate({**result, "assessment_revision": revision, "case_id": case_id,
                                                 "enquiry_id": case["enquiry_id"]})
        event_id = await emit(store, case, event, subjects.RESULT_RELEASED, clock=clock)
        await record(store, case, "result_released", actor=actor, data={"revision": revision}, event_id=event_id)
    return case
