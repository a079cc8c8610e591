"""A lead hands a case to an advisor (also takes it from another advisor)."""
from __future__ import annotations

import uuid

from shared.clock import Clock

from ..domain.case import CaseStatus
from ..domain.rules import Actor, Refused, require_status, require_supervisor
from .case_steps import locked_case
from .claim import announce_claim
from .ports import Case, UnitOfWork


async def assign(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, assignee_id: uuid.UUID,
                 clock: Clock, ui_base_url: str | None = None) -> Case:
    async with uow.transaction() as store:
        require_supervisor(actor)
        case = await locked_case(store, case_id)
        require_status(case, CaseStatus.OPEN, CaseStatus.CLAIMED, CaseStatus.WAITING_FOR_COMPANY)
        if not await store.is_active_advisor(assignee_id):
            raise Refused(422, "unknown_advisor", "No active advisor with that id.")
        if case["assignee"] == assignee_id:
            raise Refused(409, "already_assignee", "The advisor already holds this case.")
        case = await store.assign_to(case_id, assignee_id)
        await announce_claim(store, case, assignee=assignee_id, by="lead", actor=actor, clock=clock,
                             ui_base_url=ui_base_url)
    return case
