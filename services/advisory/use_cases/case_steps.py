"""What every decision does: take the case locked, stage its event, write its timeline entry."""
from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel

from shared.clock import Clock
from shared.contracts.envelope import new_envelope

from ..domain.case import CaseStatus
from ..domain.rules import Actor, Refused
from .ports import Case, CaseStore

PRODUCER = "advisory"


async def locked_case(store: CaseStore, case_id: uuid.UUID) -> Case:
    """The case in the queue, locked until the transaction ends; 404 for an unknown one or one not opened yet."""
    case = await store.lock_case(case_id)
    if case is None or case["status"] == CaseStatus.AWAITING_ASSESSMENT:
        raise Refused(404, "not_found", "No such case in the queue.")
    return case


async def emit(store: CaseStore, case: Case, payload: BaseModel, subject: str, *, clock: Clock,
               causation_id: uuid.UUID | None = None) -> uuid.UUID:
    """Stage the case's event in the outbox; its id, for the timeline entry."""
    envelope = new_envelope(payload, subject=subject, producer=PRODUCER, correlation_id=case["correlation_id"],
                            causation_id=causation_id, occurred_at=clock.now())
    await store.outbox.add(envelope, subject)
    return envelope.event_id


async def record(store: CaseStore, case: Case, kind: str, *, actor: Actor | None, data: dict[str, Any],
                 event_id: uuid.UUID | None = None) -> None:
    if actor is not None:
        data = {**data, "actor_id": str(actor.id)}
    await store.add_timeline(case_id=case["id"], kind=kind, event_id=event_id, actor=actor.name if actor else None,
                             data=data)
