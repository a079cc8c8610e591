"""An advisor released the assessment's result: tell the company it can read it on its private status page."""
from __future__ import annotations

from shared.contracts.advisory import ResultReleasedV1
from shared.contracts.envelope import Envelope

from ..domain import plans
from .ports import NotificationStore
from .queueing import known_company, queue_emails


async def when_result_released_announce(envelope: Envelope[ResultReleasedV1], store: NotificationStore, *,
                                        contact_address: str, message_id_domain: str) -> None:
    e = envelope.payload
    company = await known_company(store, e.enquiry_id)
    await queue_emails(store, envelope, enquiry_id=e.enquiry_id,
                       intents=[plans.result_ready(company, contact_address=contact_address)],
                       message_id_domain=message_id_domain)
