"""Skills-based round-robin auto-assignment: when a case opens, and for open cases still waiting for someone."""
from __future__ import annotations

import uuid

from shared.clock import Clock

from .claim import announce_claim
from .ports import CaseStore, UnitOfWork


async def auto_assign_opened(store: CaseStore, *, case_id: uuid.UUID, top_areas: list[str] | None,
                             language: str | None, clock: Clock,
                             ui_base_url: str | None = None) -> uuid.UUID | None:
    """Give a case the caller's transaction has just opened (so it is open, unassigned and locked by it) to the
    next matching advisor with free capacity; None if nobody fits. No savepoint and no second look at the row:
    the case path waits for every round trip."""
    if not top_areas:
        return None
    advisor_id = await store.next_advisor_for(areas=list(top_areas), language=language or "de")
    if advisor_id is None:
        return None
    case = await store.assign_automatically(case_id, advisor_id)
    await announce_claim(store, case, assignee=advisor_id, by="auto", actor=None, clock=clock,
                         ui_base_url=ui_base_url)
    return advisor_id


async def auto_assign(uow: UnitOfWork, *, case_id: uuid.UUID, clock: Clock,
                      ui_base_url: str | None = None) -> uuid.UUID | None:
    """Give an open unassigned case to the next matching advisor; None if it is taken or nobody fits."""
    async with uow.transaction() as store:
        case = await store.lock_open_unassigned(case_id)
        if case is None:
            return None
        return await auto_assign_opened(store, case_id=case_id, top_areas=case["top_areas"],
                                        language=case["language"], clock=clock, ui_base_url=ui_base_url)


async def auto_assign_waiting(uow: UnitOfWork, *, clock: Clock, batch: int = 50,
                              ui_base_url: str | None = None) -> int:
    """Try every open unassigned case, soonest SLA due first (advisors come back from absence, capacity frees up);
    each in its own transaction. How many were assigned."""
    async with uow.transaction() as store:
        case_ids = await store.open_unassigned_case_ids(limit=batch)
    assigned = 0
    for case_id in case_ids:
        if await auto_assign(uow, case_id=case_id, clock=clock, ui_base_url=ui_base_url) is not None:
            assigned += 1
    return assigned
