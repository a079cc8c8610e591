"""What assessment's use cases need from the outside; adapters/ implements it over asyncpg, the fast tests in memory."""
from __future__ import annotations

import uuid
from typing import Any, Protocol

from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope
from shared.messaging.outbox import Outbox

from ..domain.gates import ClassifiedUpload


class AssessmentStore(Protocol):
    """Stored assessments and the outbox, inside one transaction (the consumer's)."""

    @property
    def outbox(self) -> Outbox:
        """Events staged here commit or roll back with the store's transaction (read-only, so an adapter's
        PgOutbox and a test's FakeOutbox both satisfy it)."""
        ...

    async def hold_enquiry(self, enquiry_id: uuid.UUID) -> None:
        """Hold the enquiry until the transaction ends: what another transaction holding it wrote is seen once this
        returns (a refused upload and the submission, consumed at once, must each see the other's write)."""
        ...

    async def next_revision(self, enquiry_id: uuid.UUID) -> int:
        """The enquiry's next revision number. Hold the enquiry first (`hold_enquiry`), so two amendments
        processed at once cannot both take it."""
        ...

    async def store_assessment(self, assessment: AssessmentCompletedV1, *, correlation_id: str,
                               inputs: dict[str, Any], caused_by: uuid.UUID, announced: Envelope[Any],
                               subject: str) -> None:
        """Keep a new revision (the event as the result, the profile and consents it was made from as inputs) and
        stage `announced`, its event, in the same statement."""
        ...

    async def record_classified_upload(self, *, enquiry_id: uuid.UUID, document_id: uuid.UUID,
                                       upload: ClassifiedUpload) -> bool:
        """Keep a refused upload for gate G6; False if this document was recorded before (a redelivery)."""
        ...

    async def classified_uploads(self, enquiry_id: uuid.UUID) -> list[ClassifiedUpload]: ...

    async def latest_inputs(self, enquiry_id: uuid.UUID) -> dict[str, Any] | None:
        """The profile, consents and language the newest revision was made from; None before the first
        assessment or after an erasure."""
        ...

    async def erase_inputs(self, enquiry_ids: list[uuid.UUID]) -> int:
        """Drop the stored inputs of every revision of these enquiries; returns how many revisions it emptied."""
        ...

    async def scrub_messaging_tables(self, references: list[str]) -> int:
        """Delete outbox rows and dead letters of these enquiries (by reference); returns how many."""
        ...
