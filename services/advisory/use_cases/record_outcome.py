"""The advisor records what came of an accepted introduction (meeting held, NDA signed, ...)."""
from __future__ import annotations

import uuid
from typing import Any

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import IntroductionOutcomeRecordedV1

from ..domain.introductions import check_outcome
from ..domain.rules import Actor, Refused, require_holder_or_lead
from .case_steps import emit, locked_case, record
from .ports import UnitOfWork


async def record_outcome(uow: UnitOfWork, *, introduction_id: uuid.UUID, actor: Actor, outcome: str,
                         clock: Clock) -> dict[str, Any]:
    check_outcome(outcome)
    async with uow.transaction() as store:
        intro = await store.introduction(introduction_id)
        if intro is None:
            raise Refused(404, "not_found", "No such introduction.")
        case = await locked_case(store, intro["case_id"])
        require_holder_or_lead(case, actor)
        if intro["status"] != "accepted":
            raise Refused(409, "not_accepted", "Outcomes are recorded for accepted introductions.")
        await store.add_outcome(introduction_id, outcome=outcome, by=actor.name)
        event = IntroductionOutcomeRecordedV1(case_id=case["id"], enquiry_id=case["enquiry_id"],
                                              introduction_id=introduction_id,
                                              outcome=outcome)
        event_id = await emit(store, case, event, subjects.INTRODUCTION_OUTCOME, clock=clock)
        await record(store, case, "outcome_recorded", actor=actor, event_id=event_id,
                     data={"partner_name": intro["partner_name"], "outcome": outcome})
    return {"introduction_id": str(introduction_id), "outcome": outcome}
