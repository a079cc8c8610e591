"""A case was closed: tell the company, when the advisor chose to."""
from __future__ import annotations

from shared.contracts.advisory import CaseClosedV1
from shared.contracts.envelope import Envelope

from ..domain import plans
from .ports import NotificationStore
from .queueing import known_company, queue_emails


async def when_case_closed_announce_closure(envelope: Envelope[CaseClosedV1], store: NotificationStore, *,
                                            contact_address: str, enquiry_form_url: str,
                                            message_id_domain: str) -> None:
    e = envelope.payload
    if not e.notify_company:
        return
    company = await known_company(store, e.enquiry_id)
    intents = plans.closure(e, company, contact_address=contact_address, enquiry_form_url=enquiry_form_url)
    await queue_emails(store, envelope, enquiry_id=e.enquiry_id, intents=intents, message_id_domain=message_id_domain)
