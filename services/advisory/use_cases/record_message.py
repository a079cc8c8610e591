"""Notification sent or failed to send an email about an enquiry: a line on its case's timeline."""
from __future__ import annotations

import uuid
from typing import Any

from shared.contracts.envelope import Envelope
from shared.contracts.notification import MessageFailedV1, MessageSentV1

from .ports import CaseStore


async def when_message_sent_add_to_timeline(envelope: Envelope[MessageSentV1], store: CaseStore) -> None:
    m = envelope.payload
    await _timeline_for_enquiry(store, m.enquiry_id, "email_sent", envelope,
                                {"template": m.template, "language": m.language, "recipient": m.recipient_role})


async def when_message_failed_add_to_timeline(envelope: Envelope[MessageFailedV1], store: CaseStore) -> None:
    m = envelope.payload
    await _timeline_for_enquiry(store, m.enquiry_id, "email_failed", envelope,
                                {"template": m.template, "recipient": m.recipient_role, "permanent": m.permanent,
                                 "error": m.error})


async def _timeline_for_enquiry(store: CaseStore, enquiry_id: uuid.UUID | None, kind: str,
                                envelope: Envelope[Any], data: dict[str, Any]) -> None:
    if enquiry_id is None:
        return
    # The acknowledgement usually overtakes the assessment that creates the case (ADR 14): then the line waits and
    # the case's creation moves it. Held, so the creation cannot commit between the look for the case and the line.
    await store.hold_enquiry(enquiry_id)
    await store.add_timeline_for_enquiry(enquiry_id=enquiry_id, kind=kind, event_id=envelope.event_id, data=data,
                                         at=envelope.occurred_at)
