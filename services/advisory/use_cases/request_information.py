"""An advisor asks the company for information; the SLA clock pauses until the company amends its enquiry."""
from __future__ import annotations

import uuid
from datetime import date

from shared.clock import Clock, today_utc
from shared.contracts import subjects
from shared.contracts.advisory import InformationRequestedV1

from ..domain.case import CaseStatus
from ..domain.rules import Actor, Refused, require_holder_or_lead, require_status
from .case_steps import emit, locked_case, record
from .ports import Case, UnitOfWork


async def request_information(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, question: str,
                              respond_by: date, clock: Clock) -> Case:
    if respond_by <= today_utc(clock):
        raise Refused(422, "respond_by_past", "The respond-by date must be in the future.")
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        require_status(case, CaseStatus.CLAIMED)
        require_holder_or_lead(case, actor)
        request_id = uuid.uuid4()
        info = {"request_id": str(request_id), "question": question, "respond_by": respond_by.isoformat()}
        case = await store.pause_for_information(case_id, info=info, paused_at=clock.now())
        event = InformationRequestedV1(case_id=case_id, enquiry_id=case["enquiry_id"], request_id=request_id,
                                       question=question, respond_by=respond_by)
        event_id = await emit(store, case, event, subjects.INFO_REQUESTED, clock=clock)
        await record(store, case, "info_requested", actor=actor, data=info, event_id=event_id)
    return case
