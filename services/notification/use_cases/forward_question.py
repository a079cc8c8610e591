"""An advisor asked the company a question: send it to the company's contact."""
from __future__ import annotations

from shared.contracts.advisory import InformationRequestedV1
from shared.contracts.envelope import Envelope

from ..domain import plans
from .ports import NotificationStore
from .queueing import known_company, queue_emails


async def when_information_requested_forward_question(envelope: Envelope[InformationRequestedV1],
                                                      store: NotificationStore, *, contact_address: str,
                                                      message_id_domain: str) -> None:
    e = envelope.payload
    company = await known_company(store, e.enquiry_id)
    await queue_emails(store, envelope, enquiry_id=e.enquiry_id, message_id_domain=message_id_domain,
                       intents=[plans.information_request(e, company, contact_address=contact_address)])
