"""A partner accepts or declines an introduction through the link's token (no login: the token is the
capability)."""
from __future__ import annotations

import uuid
from typing import Any

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import IntroductionAnsweredV1

from ..domain.introductions import check_answer, check_token
from ..domain.rules import Refused
from .case_steps import emit, locked_case, record
from .facts import IntroductionAnswered, note
from .ports import UnitOfWork


async def answer_introduction(uow: UnitOfWork, *, introduction_id: uuid.UUID, token: str, answer: str,
                              clock: Clock, reason: str = "") -> dict[str, Any]:
    check_answer(answer, reason)
    async with uow.transaction() as store:
        intro = check_token(await store.introduction_with_case(introduction_id), token)
        updated = await store.answer_introduction(introduction_id, answer=answer, reason=reason)
        if updated is None:
            raise Refused(409, "already_answered", "This introduction was already answered.")
        case = await locked_case(store, intro["case_id"])
        event = IntroductionAnsweredV1(case_id=case["id"], enquiry_id=case["enquiry_id"],
                                       introduction_id=introduction_id, partner_id=intro["partner_id"],
                                       answer=answer,
                                       reason=reason)
        event_id = await emit(store, case, event, subjects.INTRODUCTION_ANSWERED, clock=clock)
        await record(store, case, "introduction_answered", actor=None, event_id=event_id,
                     data={"partner_id": intro["partner_id"], "partner_name": intro["partner_name"],
                           "answer": answer, "reason": reason})
        note(IntroductionAnswered(answer=answer,
                                  waited_s=(updated["answered_at"] - updated["created_at"]).total_seconds()))
    return updated
