"""A company saved its unfinished form: email it the link to continue, in its language, once per save.

Keyed by the draft's id as the enquiry id: a submitted draft keeps its id as the enquiry's, so a GDPR erasure of
the enquiry reaches this email too."""
from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import DraftSavedV1

from ..domain import plans
from .ports import NotificationStore
from .queueing import queue_emails


async def when_draft_saved_send_resume_link(envelope: Envelope[DraftSavedV1], store: NotificationStore, *,
                                            contact_address: str, message_id_domain: str) -> None:
    e = envelope.payload
    await queue_emails(store, envelope, enquiry_id=e.draft_id,
                       intents=[plans.draft_saved(e, contact_address=contact_address)],
                       message_id_domain=message_id_domain)
