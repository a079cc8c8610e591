"""GDPR erasure in notification: forget the recipients and the rendered content; keep the delivery facts."""
from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.gdpr import ErasureRequestedV1
from shared.gdpr import erasure_completed

from .ports import NotificationStore

SERVICE = "notification"


async def when_erasure_requested_erase(envelope: Envelope[ErasureRequestedV1], store: NotificationStore) -> None:
    request = envelope.payload
    ids = request.enquiry_ids
    items = await store.forget_recipients(ids)
    # An email not sent yet must not go out to an address we were told to forget.
    await store.fail_unsent_emails(ids, reason="erased before sending")
    items += await store.blank_emails(ids)
    items += await store.scrub_messaging_tables(request.references)
    answer, subject = erasure_completed(service=SERVICE, request=envelope, items=items)
    await store.outbox.add(answer, subject)
