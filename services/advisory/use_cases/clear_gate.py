"""A lead clears an open gate with a reason; the clearance stays with the case across re-assessments."""
from __future__ import annotations

import uuid

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import GateClearedV1

from ..domain.case import uncleared_gates
from ..domain.rules import Actor, Refused, check_gate_clearance
from .case_steps import emit, locked_case, record
from .ports import Case, UnitOfWork


async def clear_gate(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, gate: str, reason: str,
                     clock: Clock) -> Case:
    if not reason.strip():
        raise Refused(422, "reason_required", "A gate is cleared only with a reason.")
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        check_gate_clearance(case, gate, actor)
        clearance = {"reason": reason, "by": actor.name, "by_id": str(actor.id),
                     "at": clock.now().isoformat(), "revision": case["assessment_revision"]}
        clearances = {**(case["gate_clearances"] or {}), gate: clearance}
        remaining = len(uncleared_gates(case["assessment"], clearances))
        case = await store.set_gate_clearances(case_id, clearances=clearances, open_gates=remaining)
        event = GateClearedV1(case_id=case_id, enquiry_id=case["enquiry_id"], gate=gate, reason=reason,
                              assessment_revision=case["assessment_revision"])
        event_id = await emit(store, case, event, subjects.GATE_CLEARED, clock=clock)
        await record(store, case, "gate_cleared", actor=actor, data={"gate": gate, "reason": reason},
                     event_id=event_id)
    return case
