"""A case was assigned to an advisor (auto-assignment or a lead): tell them, in their language, with the link."""
from __future__ import annotations

from shared.contracts.advisory import CaseClaimedV1
from shared.contracts.envelope import Envelope

from ..domain import plans
from .ports import NotificationStore
from .queueing import queue_emails


async def when_case_claimed_tell_assignee(envelope: Envelope[CaseClaimedV1], store: NotificationStore, *,
                                          contact_address: str, message_id_domain: str) -> None:
    e = envelope.payload
    await queue_emails(store, envelope, enquiry_id=e.enquiry_id, message_id_domain=message_id_domain,
                       intents=plans.assignment(e, contact_address=contact_address))
