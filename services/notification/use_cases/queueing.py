"""The step every event use case ends with: queue the emails an event causes, once.

Queuing runs in the consumer's transaction (with the inbox insert) and is keyed by the deterministic Message-ID,
so a redelivered event queues nothing new. Sending happens in the dispatcher, after that transaction committed.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from shared.contracts.envelope import Envelope
from shared.messaging.consumer import PermanentError

from ..domain.message import deterministic_message_id
from ..domain.plans import CompanyContact, EmailIntent
from .ports import NotificationStore

log = logging.getLogger(__name__)


class RecipientsNotKnownYet(Exception):
    """The enquiry's submitted event has not been processed yet (events of different subjects may overtake each
    other). Not a PermanentError: the consumer naks with a delay and the event is tried again."""


async def known_company(store: NotificationStore, enquiry_id: uuid.UUID) -> CompanyContact:
    company = await store.company_contact(enquiry_id)
    if company is None:
        raise RecipientsNotKnownYet(f"no recipients recorded for enquiry {enquiry_id} yet")
    return company


async def queue_emails(store: NotificationStore, envelope: Envelope[Any], *, enquiry_id: uuid.UUID | None,
                       intents: Iterable[EmailIntent], message_id_domain: str) -> None:
    for intent in intents:
        try:
            message_id = deterministic_message_id(
                event_id=str(envelope.event_id), recipient_role=intent.recipient_role,
                recipient=intent.recipient, template=intent.template, domain=message_id_domain)
        except ValueError as exc:  # an address the message builder would refuse; never becomes sendable
            raise PermanentError(f"cannot address {intent.recipient_role}: {exc}") from exc
        queued = await store.queue_email(intent, message_id=message_id, event_id=envelope.event_id,
                                         correlation_id=envelope.correlation_id, enquiry_id=enquiry_id)
        if not queued:
            log.info("email already queued", extra={"fields": {"message_id": message_id}})
