"""An enquiry was amended: update its company contact (address, name, language). Sends nothing."""
from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquiryAmendedV1

from .ports import NotificationStore
from .queueing import RecipientsNotKnownYet


async def when_enquiry_amended_update_contact(envelope: Envelope[EnquiryAmendedV1], store: NotificationStore) -> None:
    e = envelope.payload
    known = await store.amend_contact(
        enquiry_id=e.enquiry_id, revision=e.revision, contact_email=str(e.contact.email),
        contact_name=e.contact.name, language=e.contact.language.value, company_name=e.profile.company.name,
    )
    if not known:
        raise RecipientsNotKnownYet(f"enquiry {e.enquiry_id} amended before it was seen as submitted")
