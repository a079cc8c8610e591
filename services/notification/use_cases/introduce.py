"""An introduction was approved: introduce the company to each partner, and the partners to the company."""
from __future__ import annotations

from shared.contracts.advisory import IntroductionApprovedV1
from shared.contracts.envelope import Envelope
from shared.messaging.consumer import PermanentError
from shared.taxonomy import PartnerDirectory

from ..domain import plans
from .ports import NotificationStore
from .queueing import known_company, queue_emails


async def when_introduction_approved_introduce(envelope: Envelope[IntroductionApprovedV1], store: NotificationStore,
                                               *, directory: PartnerDirectory, contact_address: str,
                                               message_id_domain: str) -> None:
    e = envelope.payload
    company = await known_company(store, e.enquiry_id)
    try:
        intents = plans.introductions(e, company, directory=directory, contact_address=contact_address)
    except plans.CannotAddress as exc:
        # Fix the directory (or the event's producer), restart, then retry the dead letter.
        raise PermanentError(str(exc)) from exc
    await queue_emails(store, envelope, enquiry_id=e.enquiry_id, intents=intents, message_id_domain=message_id_domain)
