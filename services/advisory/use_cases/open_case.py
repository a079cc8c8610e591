"""A case enters the queue once both its enquiry and its assessment are here (they arrive in either order)."""
from __future__ import annotations

from typing import Any

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import CaseOpenedV1
from shared.contracts.envelope import Envelope, new_envelope

from ..domain.case import PRIORITY_RANK, CaseStatus, priority_for
from ..domain.sla import start_clock
from .auto_assign import auto_assign_opened
from .case_steps import PRODUCER
from .facts import CaseOpened, note
from .ports import Case, CaseStore


async def open_when_complete(store: CaseStore, row: Case, *, cause: Envelope[Any], clock: Clock,
                             ui_base_url: str | None = None) -> None:
    """Open the case with its priority and SLA timers (starting now), stage `case.opened`, and offer it to a
    free advisor at once."""
    if row["company_name"] is None or not row["has_assessment"] or row["status"] != CaseStatus.AWAITING_ASSESSMENT:
        return
    now = clock.now()
    priority = priority_for(row["band"], row["open_gates"] or 0)
    sla = start_clock(now, priority)
    event = CaseOpenedV1(case_id=row["id"], enquiry_id=row["enquiry_id"], priority=priority, sla_due_at=sla.due_at)
    envelope = new_envelope(event, subject=subjects.CASE_OPENED, producer=PRODUCER,
                            correlation_id=row["correlation_id"], causation_id=cause.event_id, occurred_at=now)
    opened = await store.open_case(case_id=row["id"], priority=priority, priority_rank=PRIORITY_RANK[priority],
                                   sla_due_at=sla.due_at, sla_warn_at=sla.warn_at,
                                   timeline_data={"priority": priority, "sla_due_at": sla.due_at.isoformat()},
                                   event=envelope, subject=subjects.CASE_OPENED)
    if opened is None:
        return
    note(CaseOpened(assessment_s=opened.seconds))
    await auto_assign_opened(store, case_id=row["id"], top_areas=row["top_areas"], language=row["language"],
                             clock=clock, ui_base_url=ui_base_url)
