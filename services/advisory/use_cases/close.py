"""The holder (or a lead) closes a case with a reason; its SLA timers stop."""
from __future__ import annotations

import uuid

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import CaseClosedV1

from ..domain.case import OPEN_STATUSES
from ..domain.rules import Actor, Refused, require_holder_or_lead, require_status
from .case_steps import emit, locked_case, record
from .ports import Case, UnitOfWork


async def close(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, reason_code: str, clock: Clock,
                reason_text: str = "", notify_company: bool = True) -> Case:
    if reason_code == "other" and not reason_text.strip():
        raise Refused(422, "reason_required", "Say why the case is closed.")
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        require_status(case, *OPEN_STATUSES)
        require_holder_or_lead(case, actor)
        case = await store.close_case(case_id, reason_code=reason_code)
        event = CaseClosedV1(case_id=case_id, enquiry_id=case["enquiry_id"],
                             reason_code=reason_code,
                             reason_text=reason_text, notify_company=notify_company)
        event_id = await emit(store, case, event, subjects.CASE_CLOSED, clock=clock)
        await record(store, case, "closed", actor=actor, data={"reason_code": reason_code, "reason_text": reason_text},
                     event_id=event_id)
    return case
