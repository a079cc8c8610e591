"""A case enters the queue once both its enquiry and its assessment are here: at once when the first assessment
brings the submission and creates it (ADR 14), or when the later of the two arrives for a case an earlier event
made."""
from __future__ import annotations

import uuid
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
from .ports import Case, CaseStore, Opening


def opening_for(*, case_id: uuid.UUID, enquiry_id: uuid.UUID, correlation_id: str, band: str, open_gates: int,
                cause: Envelope[Any], clock: Clock) -> Opening:
    """Priority and SLA timers (starting now) of a case that opens, and its `case.opened` event."""
    now = clock.now()
    priority = priority_for(band, open_gates)
    sla = start_clock(now, priority)
    event = CaseOpenedV1(case_id=case_id, enquiry_id=enquiry_id, priority=priority, sla_due_at=sla.due_at)
    envelope = new_envelope(event, subject=subjects.CASE_OPENED, producer=PRODUCER, correlation_id=correlation_id,
                            causation_id=cause.event_id, occurred_at=now)
    return Opening(priority=priority, priority_rank=PRIORITY_RANK[priority], sla_due_at=sla.due_at,
                   sla_warn_at=sla.warn_at, timeline_data={"priority": priority, "sla_due_at": sla.due_at.isoformat()},
                   event=envelope, subject=subjects.CASE_OPENED)


async def open_when_complete(store: CaseStore, row: Case, *, cause: Envelope[Any], clock: Clock,
                             ui_base_url: str | None = None) -> None:
    """Open the case with its priority and SLA timers, stage `case.opened`, and offer it to a free advisor."""
    if row["company_name"] is None or not row["has_assessment"] or row["status"] != CaseStatus.AWAITING_ASSESSMENT:
        return
    o = opening_for(case_id=row["id"], enquiry_id=row["enquiry_id"], correlation_id=row["correlation_id"],
                    band=row["band"], open_gates=row["open_gates"] or 0, cause=cause, clock=clock)
    opened = await store.open_case(case_id=row["id"], opening=o)
    if opened is None:
        return
    await after_opening(store, row, seconds=opened.seconds, clock=clock, ui_base_url=ui_base_url)


async def after_opening(store: CaseStore, row: Case, *, seconds: float | None, clock: Clock,
                        ui_base_url: str | None) -> None:
    """Count the opening once committed, and offer the case to a free advisor at once."""
    note(CaseOpened(assessment_s=seconds))
    await auto_assign_opened(store, case_id=row["id"], top_areas=row["top_areas"], language=row["language"],
                             clock=clock, ui_base_url=ui_base_url)
