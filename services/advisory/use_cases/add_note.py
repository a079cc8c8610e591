"""An advisor adds a note to a case: the timeline keeps the text, the event only says a note exists."""
from __future__ import annotations

import uuid

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import NoteAddedV1

from ..domain.rules import Actor
from .case_steps import emit, locked_case, record
from .ports import Case, UnitOfWork


async def add_note(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, text: str, clock: Clock) -> Case:
    async with uow.transaction() as store:
        case = await locked_case(store, case_id)
        note_id = uuid.uuid4()
        event_id = await emit(store, case, NoteAddedV1(case_id=case_id, enquiry_id=case["enquiry_id"],
                                                       note_id=note_id), subjects.NOTE_ADDED, clock=clock)
        await record(store, case, "note", actor=actor, data={"text": text, "note_id": str(note_id)},
                     event_id=event_id)
    return case
