"""An enquiry was submitted: remember its company contact and acknowledge it."""
from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquirySubmittedV1

from ..domain import plans
from .ports import NotificationStore
from .queueing import queue_emails


async def when_enquiry_submitted_acknowledge(envelope: Envelope[EnquirySubmittedV1], store: NotificationStore, *,
                                             contact_address: str, message_id_domain: str) -> None:
    e = envelope.payload
    contact = plans.CompanyContact(
        enquiry_id=e.enquiry_id, reference=e.reference, contact_email=str(e.contact.email),
        contact_name=e.contact.name, language=e.contact.language.value, company_name=e.profile.company.name,
        status_url=e.status_url,
    )
    await store.record_contact(contact)
    await queue_emails(store, envelope, enquiry_id=e.enquiry_id, message_id_domain=message_id_domain,
                       intents=[plans.acknowledgement(contact, contact_address=contact_address)])
