"""GDPR erasure in assessment: drop the inputs (the company's profile); scores and reasons carry no personal data."""
from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.gdpr import ErasureRequestedV1
from shared.gdpr import erasure_completed

from .ports import AssessmentStore

SERVICE = "assessment"


async def when_erasure_requested_erase(envelope: Envelope[ErasureRequestedV1], store: AssessmentStore) -> None:
    request = envelope.payload
    items = await store.erase_inputs(request.enquiry_ids)
    items += await store.scrub_messaging_tables(request.references)
    answer, subject = erasure_completed(service=SERVICE, request=envelope, items=items)
    await store.outbox.add(answer, subject)
