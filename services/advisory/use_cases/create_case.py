"""An enquiry was submitted: create its case (or fill in the one an earlier event made) with the profile."""
from __future__ import annotations

from shared.clock import Clock
from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquirySubmittedV1
from shared.contracts.vocab import regierungsbezirk

from ..domain.case import CaseStatus
from .open_case import open_when_complete
from .ports import CaseStore


async def when_enquiry_submitted_create_case(envelope: Envelope[EnquirySubmittedV1], store: CaseStore, *,
                                             clock: Clock, ui_base_url: str | None = None) -> None:
    e = envelope.payload
    company = e.profile.company
    row = await store.upsert_from_enquiry(
        enquiry_id=e.enquiry_id, reference=e.reference, correlation_id=envelope.correlation_id,
        company_name=company.name, kreis=company.kreis, sector=company.sector_of_origin.value,
        language=e.contact.language.value, profile=e.profile.model_dump(mode="json"),
        contact=e.contact.model_dump(mode="json"), consents=e.consents.model_dump(mode="json"),
        status_if_new=CaseStatus.AWAITING_ASSESSMENT, regierungsbezirk=regierungsbezirk(company.kreis),
        submitted_at=envelope.occurred_at,
    )
    await store.add_timeline(case_id=row["id"], kind="enquiry_submitted", event_id=envelope.event_id,
                             data={"reference": e.reference, "re_enquiry": e.is_re_enquiry}, at=envelope.occurred_at)
    await open_when_complete(store, row, cause=envelope, clock=clock, ui_base_url=ui_base_url)
