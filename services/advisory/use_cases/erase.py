"""GDPR erasure: remove the company's personal data from its cases; keep the case skeleton for statistics."""
from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.gdpr import ErasureRequestedV1
from shared.gdpr import erasure_completed

from .ports import CaseStore


async def when_erasure_requested_erase(envelope: Envelope[ErasureRequestedV1], store: CaseStore) -> None:
    request = envelope.payload
    items = await store.erase_personal_data(request.enquiry_ids)
    items += await store.scrub_messaging(request.references)
    answer, subject = erasure_completed(service="advisory", request=envelope, items=items)
    await store.outbox.add(answer, subject)
