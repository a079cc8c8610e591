"""notification's reactions to events: decide who gets which email, and queue it.

The recipient is decided here from trusted event data (the contact address validated by intake), never
from free text. Sending happens in the dispatcher, after this transaction committed.
"""
from __future__ import annotations

from typing import Any

import asyncpg

from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquirySubmittedV1

from .adapters import emails
from .domain.message import deterministic_message_id

# The answer the acknowledgement promises; matches the SLA for a normal-priority case.
RESPONSE_BUSINESS_DAYS = 5


def make_when_enquiry_submitted(*, message_id_domain: str, contact_address: str):  # noqa: ANN201 - returns a Handler
    async def when_enquiry_submitted_send_acknowledgement(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        e: EnquirySubmittedV1 = envelope.payload
        recipient = str(e.contact.email)
        context = {
            "reference": e.reference,
            "company_name": e.profile.company.name,
            "contact_name": e.contact.name,
            "status_url": e.status_url,
            "response_business_days": RESPONSE_BUSINESS_DAYS,
            "contact_address": contact_address,
        }
        await emails.queue_email(
            conn,
            message_id=deterministic_message_id(event_id=str(envelope.event_id), recipient_role="company",
                                                recipient=recipient, template="acknowledgement",
                                                domain=message_id_domain),
            event_id=envelope.event_id, correlation_id=envelope.correlation_id, enquiry_id=e.enquiry_id,
            template="acknowledgement", language=e.contact.language.value, recipient=recipient,
            recipient_role="company", context=context,
        )

    return when_enquiry_submitted_send_acknowledgement
