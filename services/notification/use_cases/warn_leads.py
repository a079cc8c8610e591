"""A case missed (or is about to miss) its SLA: warn each team lead the event names."""
from __future__ import annotations

from shared.contracts.advisory import CaseEscalatedV1
from shared.contracts.envelope import Envelope

from ..domain import plans
from .ports import NotificationStore
from .queueing import queue_emails


async def when_case_escalated_warn_leads(envelope: Envelope[CaseEscalatedV1], store: NotificationStore, *,
                                         contact_address: str, message_id_domain: str) -> None:
    e = envelope.payload
    await queue_emails(store, envelope, enquiry_id=e.enquiry_id, message_id_domain=message_id_domain,
                       intents=plans.escalation(e, contact_address=contact_address))
