"""The holder (or a lead) gives a claimed case back to the queue."""
from __future__ import annotations

import uuid

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import CaseUnclaimedV1

from ..domain.case import CaseStatus
from ..domain.rules import Actor, require_holder_or_lead, require_status
from .case_steps import emit, locked_case, record
from .ports import Case, UnitOfWork


async def unclaim(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, clock: Clock) -> Case:
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        require_status(case, CaseStatus.CLAIMED)
        require_holder_or_lead(case, actor)
        case = await store.release_claim(case_id)
        event_id = await emit(store, case, CaseUnclaimedV1(case_id=case_id, enquiry_id=case["enquiry_id"]),
                              subjects.CASE_UNCLAIMED, clock=clock)
        await record(store, case, "unclaimed", actor=actor, data={}, event_id=event_id)
    return case
