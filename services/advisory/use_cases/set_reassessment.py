"""A lead sets (or cancels) a case's re-assessment date: on request, for any band, also on a closed case."""
from __future__ import annotations

import uuid
from datetime import date

from shared.clock import Clock

from ..domain.reassessment import lead_request
from ..domain.rules import Actor, require_supervisor
from .case_steps import locked_case, record
from .ports import Case, UnitOfWork


async def set_reassessment(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, due_on: date | None, reason: str,
                           clock: Clock) -> Case:
    require_supervisor(actor)
    timer = lead_request(due_on, now=clock.now())
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        previous = case["reassess_on"]
        case = await store.set_reassessment(case_id, due_on=timer.due_on, set_by=timer.set_by,
                                            reminded_for=timer.reminded_for)
        await record(store, case, "reassessment_set", actor=actor,
                     data={"reassess_on": due_on.isoformat() if due_on else None,
                           "previous": previous.isoformat() if previous else None, "reason": reason})
    return case
