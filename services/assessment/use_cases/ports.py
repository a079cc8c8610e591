"""What assessment's use cases need from the outside; adapters/ implements it over asyncpg, the fast tests in memory."""
from __future__ import annotations

import uuid
from typing import Any, Protocol

from shared.contracts.assessment import AssessmentCompletedV1
from shared.messaging.outbox import Outbox


class AssessmentStore(Protocol):
    """Stored assessments and the outbox, inside one transaction (the consumer's)."""

    @property
    def outbox(self) -> Outbox:
        """Events staged here commit or roll back with the store's transaction (read-only, so an adapter's
        PgOutbox and a test's FakeOutbox both satisfy it)."""
        ...

    async def next_revision(self, enquiry_id: uuid.UUID) -> int:
        """The enquiry's next revision number; holds the enquiry's revisions until the transaction ends, so two
        amendments processed at once cannot both take it."""
        ...

    async def store_assessment(self, assessment: AssessmentCompletedV1, *, correlation_id: str,
                               inputs: dict[str, Any], caused_by: uuid.UUID) -> None:
        """Keep a new revision: the event as the result, the profile and consents it was made from as inputs."""
        ...

    async def erase_inputs(self, enquiry_ids: list[uuid.UUID]) -> int:
        """Drop the stored inputs of every revision of these enquiries; returns how many revisions it emptied."""
        ...

    async def scrub_messaging_tables(self, references: list[str]) -> int:
        """Delete outbox rows and dead letters of these enquiries (by reference); returns how many."""
        ...
