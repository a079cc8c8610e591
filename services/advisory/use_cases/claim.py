"""An advisor claims an unassigned open case; also how every claim (self, lead, auto) is announced."""
from __future__ import annotations

import uuid
from typing import Literal

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import CaseClaimedV1, LeadRecipient

from ..domain.case import CaseStatus
from ..domain.rules import Actor, Refused, check_claim
from .case_steps import emit, record
from .facts import FirstClaim, note
from .ports import Case, CaseStore, UnitOfWork


async def _recipient(store: CaseStore, advisor_id: uuid.UUID) -> LeadRecipient | None:
    row = await store.active_advisor_contact(advisor_id)
    if row is None:
        return None
    return LeadRecipient(email=row["email"], name=row["name"][:200],
                         language="en" if list(row["languages"])[:1] == ["en"] else "de")


async def claim(uow: UnitOfWork, *, case_id: uuid.UUID, actor: Actor, clock: Clock) -> Case:
    """Take an unassigned open case. The conditional update is the lock: of concurrent claims exactly one
    matches, the others see no row and get 409."""
    async with uow.transaction() as store:
        case = await store.claim_if_free(case_id, actor.id)
        if case is None:
            current = await store.case(case_id)
            if current is None or current["status"] == CaseStatus.AWAITING_ASSESSMENT:
                raise Refused(404, "not_found", "No such case in the queue.")
            check_claim(current)
            raise Refused(409, "already_claimed", "The case was claimed meanwhile.")
        await announce_claim(store, case, assignee=actor.id, by="self", actor=actor, clock=clock)
    return case


async def announce_claim(store: CaseStore, case: Case, *, assignee: uuid.UUID, by: Literal["self", "lead", "auto"],
                         actor: Actor | None, clock: Clock, ui_base_url: str | None = None) -> None:
    """The claim's event and timeline entry; the first claim of a case is counted with its time in the queue.
    An auto or lead assignment names the assignee's address and the case link, so notification can tell them."""
    recipient = await _recipient(store, assignee) if by != "self" and ui_base_url else None
    event = CaseClaimedV1(case_id=case["id"], enquiry_id=case["enquiry_id"], assignee_id=assignee, assigned_by=by,
                          reference=case.get("reference"), assignee=recipient,
                          case_url=f"{ui_base_url}/cases/{case['id']}" if recipient else None)
    event_id = await emit(store, case, event, subjects.CASE_CLAIMED, clock=clock)
    name = await store.advisor_name(assignee)
    await record(store, case, "claimed", actor=actor,
                 data={"assignee_id": str(assignee), "assignee": name, "assigned_by": by}, event_id=event_id)
    if (first := await store.mark_first_claim(case["id"])) is not None:
        note(FirstClaim(queue_s=first.seconds))
