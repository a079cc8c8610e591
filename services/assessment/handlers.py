"""assessment's reactions: assess every submitted or amended enquiry, store it, announce it."""
from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import CompanyProfile, Consents
from shared.messaging.consumer import after_commit
from shared.messaging.outbox import add_to_outbox
from shared.taxonomy import PartnerDirectory, Taxonomy

from .adapters import assessments as repo
from .domain.assess import assess
from .domain.gates import SanctionsScreen
from .metrics import AssessmentMetrics

PRODUCER = "assessment"
Handler = Callable[[Envelope[Any], asyncpg.Connection], Awaitable[None]]


@dataclass(frozen=True)
class ReferenceData:
    """The versioned rules in force; loaded and validated once at start-up."""

    taxonomy: Taxonomy
    partners: PartnerDirectory
    sanctions: SanctionsScreen


async def assess_and_announce(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, profile: CompanyProfile,
                              consents: Consents, language: str, cause: Envelope[Any], data: ReferenceData) -> str:
    """Assess, store the new revision and stage its event; returns the band."""
    result = assess(profile, consents, taxonomy=data.taxonomy, partners=data.partners, sanctions=data.sanctions,
                    today=datetime.now(UTC).date(), language=language)
    revision = await repo.next_revision(conn, enquiry_id)
    event = AssessmentCompletedV1(
        enquiry_id=enquiry_id, assessment_id=uuid.uuid4(), revision=revision,
        taxonomy_version=result.taxonomy_version, readiness_percent=result.readiness_percent, band=result.band,
        capability_fit=result.capability_fit, readiness=result.readiness, gates=result.gates,
        recommended_partners=result.recommended_partners, development_plan=result.development_plan,
    )
    await repo.insert(
        conn, assessment_id=event.assessment_id, enquiry_id=enquiry_id, revision=revision,
        correlation_id=cause.correlation_id, taxonomy_version=result.taxonomy_version, band=result.band,
        readiness_percent=result.readiness_percent, result=event.model_dump(mode="json"),
        inputs={"profile": profile.model_dump(mode="json"), "consents": consents.model_dump(mode="json")},
        caused_by=cause.event_id,
    )
    await add_to_outbox(conn, new_envelope(event, subject=subjects.ASSESSMENT_COMPLETED, producer=PRODUCER,
                                           correlation_id=cause.correlation_id, causation_id=cause.event_id),
                        subjects.ASSESSMENT_COMPLETED)
    return result.band


def make_handlers(data: ReferenceData, *, metrics: AssessmentMetrics) -> dict[str, Handler]:
    async def assess_and_count(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        e = envelope.payload
        band = await assess_and_announce(conn, enquiry_id=e.enquiry_id, profile=e.profile, consents=e.consents,
                                         language=e.contact.language.value, cause=envelope, data=data)
        # Counted once the consumer's transaction committed: never for a rolled-back batch or a failed COMMIT.
        after_commit(lambda: metrics.assessment_stored(band))

    async def when_enquiry_submitted_assess(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        await assess_and_count(envelope, conn)

    async def when_enquiry_amended_reassess(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        await assess_and_count(envelope, conn)

    return {"submitted": when_enquiry_submitted_assess, "amended": when_enquiry_amended_reassess}
