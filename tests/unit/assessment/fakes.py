"""In-memory AssessmentStore for the use-case tests: the same port as adapters/assessments.PgAssessmentStore.

Like cosmicpython's FakeRepository: a dict of stored revisions, the messaging rows an erasure scrubs, and a
FakeOutbox that keeps what the use case staged. The integration tests prove the real adapter.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from services.assessment.domain.gates import ClassifiedUpload
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope
from tests.support.fakes import FakeOutbox


@dataclass
class StoredAssessment:
    """One row of `assessments`."""

    assessment: AssessmentCompletedV1
    correlation_id: str
    inputs: dict[str, Any]
    caused_by: uuid.UUID


@dataclass
class FakeAssessmentStore:
    assessments: dict[tuple[uuid.UUID, int], StoredAssessment] = field(default_factory=dict)
    # Correlation ids (= enquiry references) of the outbox rows and dead letters the service holds.
    messaging_rows: list[str] = field(default_factory=list)
    outbox: FakeOutbox = field(default_factory=FakeOutbox)
    uploads: dict[uuid.UUID, tuple[uuid.UUID, ClassifiedUpload]] = field(default_factory=dict)  # document: (enquiry, …)

    async def hold_enquiry(self, enquiry_id: uuid.UUID) -> None:
        """One use case at a time here: nothing to wait for (the real lock: tests/integration/assessment)."""

    async def next_revision(self, enquiry_id: uuid.UUID) -> int:
        return max((revision for e, revision in self.assessments if e == enquiry_id), default=0) + 1

    async def store_assessment(self, assessment: AssessmentCompletedV1, *, correlation_id: str,
                               inputs: dict[str, Any], caused_by: uuid.UUID, announced: Envelope[Any],
                               subject: str) -> None:
        key = (assessment.enquiry_id, assessment.revision)
        assert key not in self.assessments, f"revision {key} stored twice (UNIQUE (enquiry_id, revision))"
        self.assessments[key] = StoredAssessment(assessment, correlation_id, inputs, caused_by)
        await self.outbox.add(announced, subject)

    async def record_classified_upload(self, *, enquiry_id: uuid.UUID, document_id: uuid.UUID,
                                       upload: ClassifiedUpload) -> bool:
        if document_id in self.uploads:
            return False
        self.uploads[document_id] = (enquiry_id, upload)
        return True

    async def classified_uploads(self, enquiry_id: uuid.UUID) -> list[ClassifiedUpload]:
        return [u for e, u in self.uploads.values() if e == enquiry_id]

    async def latest_inputs(self, enquiry_id: uuid.UUID) -> dict[str, Any] | None:
        rows = self.revisions_of(enquiry_id)
        return dict(rows[-1].inputs) if rows and rows[-1].inputs.get("profile") else None

    async def erase_inputs(self, enquiry_ids: list[uuid.UUID]) -> int:
        erased = [row for (e, _), row in self.assessments.items() if e in enquiry_ids]
        for row in erased:
            row.inputs = {}
        return len(erased)

    async def scrub_messaging_tables(self, references: list[str]) -> int:
        kept = [ref for ref in self.messaging_rows if ref not in references]
        scrubbed = len(self.messaging_rows) - len(kept)
        self.messaging_rows = kept
        return scrubbed

    def revisions_of(self, enquiry_id: uuid.UUID) -> list[StoredAssessment]:
        return [row for (e, _), row in sorted(self.assessments.items(), key=lambda kv: kv[0][1]) if e == enquiry_id]
