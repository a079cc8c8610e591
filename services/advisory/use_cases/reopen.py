"""A closed case goes back into the queue with a fresh SLA period (so its escalations can fire again)."""
from __future__ import annotations

import uuid

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import CaseReopenedV1

from ..domain.case import CaseStatus
from ..domain.rules import Actor, require_holder_or_lead, require_status
from ..domain.sla import start_clock
from .case_steps import emit, locked_case, record
from .ports import Case, UnitOfWork


async def reopen(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, reason_text: str, clock: Clock) -> Case:
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        require_status(case, CaseStatus.CLOSED)
        require_holder_or_lead(case, actor)
        sla = start_clock(clock.now(), case["priority"] or "normal")
        case = await store.reopen_case(case_id, due_at=sla.due_at, warn_at=sla.warn_at)
        event_id = await emit(store, case, CaseReopenedV1(case_id=case_id, enquiry_id=case["enquiry_id"],
                                                          reason_text=reason_text), subjects.CASE_REOPENED, clock=clock)
        await record(store, case, "reopened", actor=actor, data={"reason_text": reason_text}, event_id=event_id)
    return case
