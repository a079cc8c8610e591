"""The re-assessment poller's work: once per due date, remind the advisor (the assignee, else the team leads) and,
if the company agreed to it, have it invited to update its answers (issue 17).

The date is stored with the case (`reassess_on`), so the timer survives restarts; due cases are taken locked,
skipping those another poller holds, and the date reminded is stored in the same transaction as the event.
"""
from __future__ import annotations

import uuid

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.advisory import LeadRecipient, ReassessmentDueV1

from ..domain.reassessment import ReassessmentTimer, is_due, today
from .case_steps import emit, record
from .escalate_sla import leads_for
from .ports import Case, CaseStore, UnitOfWork

ERASED = "[erased]"


async def remind_reassessments(uow: UnitOfWork, *, clock: Clock, ui_base_url: str, batch: int = 50) -> int:
    """Remind about the cases whose re-assessment is due now; how many reminder events were staged."""
    fired = 0
    async with uow.transaction() as store:
        now = clock.now()
        for case in await store.cases_due_for_reassessment(today=today(now), limit=batch):
            timer = ReassessmentTimer(case["reassess_on"], case["reassess_set_by"], case["reassess_reminded_for"])
            if is_due(timer, now=now):
                fired += await _remind(store, case, ui_base_url=ui_base_url, clock=clock)
    return fired


async def advisors_to_remind(store: CaseStore, assignee: uuid.UUID | None) -> list[LeadRecipient]:
    """The advisor holding the case while the account is active; otherwise the leads, as escalations choose."""
    if assignee is not None and (row := await store.active_advisor_contact(assignee)) is not None:
        return [LeadRecipient(email=row["email"], name=row["name"][:200],
                              language="en" if list(row["languages"])[:1] == ["en"] else "de")]
    return await leads_for(store, assignee)


async def _remind(store: CaseStore, case: Case, *, ui_base_url: str, clock: Clock) -> int:
    due_on = case["reassess_on"]
    await store.mark_reassessment_reminded(case["id"], due_on=due_on)
    advisors = await advisors_to_remind(store, case["assignee"])
    # Only with the company's consent, and never for a company whose personal data was erased.
    invite = bool((case["consents"] or {}).get("reassessment_contact")) and case["company_name"] != ERASED
    data = {"due_on": due_on.isoformat(), "set_by": case["reassess_set_by"], "invite_company": invite}
    if not advisors and not invite:
        await record(store, case, "reassessment_unrouted", actor=None, data=data)
        return 0
    event = ReassessmentDueV1(case_id=case["id"], enquiry_id=case["enquiry_id"], reference=case["reference"] or "",
                              due_on=due_on, set_by=case["reassess_set_by"] or "assessment",
                              assignee_id=case["assignee"], advisors=advisors,
                              case_url=f"{ui_base_url.rstrip('/')}/cases/{case['id']}", invite_company=invite)
    event_id = await emit(store, case, event, subjects.REASSESSMENT_DUE, clock=clock)
    await record(store, case, "reassessment_due", actor=None, event_id=event_id,
                 data={**data, "advisors": [a.name for a in advisors]})
    return 1
