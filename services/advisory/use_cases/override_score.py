"""The advisor's judgement replaces band or readiness in the queue; the assessed value stays on record."""
from __future__ import annotations

import uuid
from typing import Any

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import ScoreOverriddenV1

from ..domain.rules import Actor, Refused, check_override, require_holder_or_lead
from .case_steps import emit, locked_case, record
from .ports import Case, UnitOfWork


async def override_score(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, field: str, value: Any,
                         reason: str, clock: Clock) -> Case:
    check_override(field, value)
    if not reason.strip():
        raise Refused(422, "reason_required", "An override needs a reason.")
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        require_holder_or_lead(case, actor)
        assessed = (case["assessment"] or {}).get("band" if field == "band" else "readiness_percent")
        entry = {"value": value, "assessed": assessed, "reason": reason, "by": actor.name,
                 "at": clock.now().isoformat()}
        overrides = {**(case["overrides"] or {}), field: entry}
        if field == "band":
            case = await store.override_score(case_id, overrides=overrides, field="band", value=value)
        else:
            case = await store.override_score(case_id, overrides=overrides, field="readiness", value=float(value))
        event = ScoreOverriddenV1(case_id=case_id, enquiry_id=case["enquiry_id"],
                                  field=field,
                                  value=str(value), assessed=None if assessed is None else str(assessed),
                                  reason=reason)
        event_id = await emit(store, case, event, subjects.SCORE_OVERRIDDEN, clock=clock)
        await record(store, case, "score_overridden", actor=actor,
                     data={"field": field, "value": value, "assessed": assessed, "reason": reason},
                     event_id=event_id)
    return case
