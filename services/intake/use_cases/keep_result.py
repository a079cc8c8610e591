"""An advisor released the assessment's result: keep it for the company's status page and status API."""
from __future__ import annotations

from shared.contracts.advisory import ResultReleasedV1
from shared.contracts.envelope import Envelope

from .ports import ResultStore

# What the page renders; the case's own id stays in advisory.
RESULT_FIELDS = {"top_areas", "readiness", "development_plan", "open_items"}


async def when_result_released_keep(envelope: Envelope[ResultReleasedV1], store: ResultStore) -> None:
    payload = envelope.payload
    await store.store_released_result(
        enquiry_id=payload.enquiry_id, assessment_revision=payload.assessment_revision,
        taxonomy_version=payload.taxonomy_version, result=payload.model_dump(mode="json", include=RESULT_FIELDS),
        released_at=envelope.occurred_at, event_id=envelope.event_id)
