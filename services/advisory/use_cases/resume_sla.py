"""The company answered a request for information: new profile, and the paused SLA clock runs again. The
re-assessment of the amended profile arrives separately and updates the assessment."""
from __future__ import annotations

from shared.clock import Clock
from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquiryAmendedV1
from shared.contracts.vocab import regierungsbezirk

from ..domain.case import CaseStatus
from ..domain.sla import SlaClock, next_escalation, resume_clock
from .ports import Case, CaseStore


async def when_enquiry_amended_resume(envelope: Envelope[EnquiryAmendedV1], store: CaseStore, *,
                                      clock: Clock) -> None:
    e = envelope.payload
    case = await store.lock_case_of_enquiry(e.enquiry_id)
    if case is None or case["company_name"] is None:
        raise RuntimeError("amendment before the enquiry itself; retry later")  # nak: the enquiry is on its way
    company = e.profile.company
    await store.update_profile(
        case["id"], profile=e.profile.model_dump(mode="json"), contact=e.contact.model_dump(mode="json"),
        consents=e.consents.model_dump(mode="json"), company_name=company.name, kreis=company.kreis,
        regierungsbezirk=regierungsbezirk(company.kreis), sector=company.sector_of_origin.value,
        language=e.contact.language.value)
    await store.add_timeline(case_id=case["id"], kind="enquiry_amended", event_id=envelope.event_id,
                             data={"revision": e.revision}, at=envelope.occurred_at)
    if case["status"] == CaseStatus.WAITING_FOR_COMPANY and case["sla_paused_at"] is not None:
        await _resume_clock(store, case, clock=clock)


async def _resume_clock(store: CaseStore, case: Case, *, clock: Clock) -> None:
    sla = resume_clock(SlaClock(due_at=case["sla_due_at"], warn_at=case["sla_warn_at"]),
                       paused_at=case["sla_paused_at"], resumed_at=clock.now())
    fired = await store.escalation_levels(case["id"], case["sla_period"])
    nxt = next_escalation(warn_at=sla.warn_at, due_at=sla.due_at, warned="warning" in fired,
                          breached="breach" in fired)
    await store.resume_sla(case["id"], due_at=sla.due_at, warn_at=sla.warn_at, escalation_next_at=nxt)
    await store.add_timeline(case_id=case["id"], kind="sla_resumed", event_id=None,
                             data={"sla_due_at": sla.due_at.isoformat()})
