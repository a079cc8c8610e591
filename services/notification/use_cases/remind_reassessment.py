"""A case's re-assessment is due: remind the advisors the event names and, only if the company agreed to be
contacted for it, invite the company to update its answers through its private status link."""
from __future__ import annotations

from shared.contracts.advisory import ReassessmentDueV1
from shared.contracts.envelope import Envelope

from ..domain import plans
from .ports import NotificationStore
from .queueing import known_company, queue_emails


async def when_reassessment_due_remind(envelope: Envelope[ReassessmentDueV1], store: NotificationStore, *,
                                       contact_address: str, message_id_domain: str) -> None:
    e = envelope.payload
    intents = plans.reassessment_reminders(e, contact_address=contact_address)
    if e.invite_company:
        company = await known_company(store, e.enquiry_id)
        intents.append(plans.reassessment_invitation(company, contact_address=contact_address))
    await queue_emails(store, envelope, enquiry_id=e.enquiry_id, intents=intents, message_id_domain=message_id_domain)
