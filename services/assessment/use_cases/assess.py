"""Assess every submitted or amended enquiry against the rules in force, keep it as a new revision, announce it."""
from __future__ import annotations

import uuid
from datetime import UTC
from typing import Any

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.assessment import AssessmentCompletedV1, SubmissionAssessed
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import (
    CompanyProfile,
    Consents,
    DocumentRefusedV1,
    EnquiryAmendedV1,
    EnquirySubmittedV1,
)
from shared.messaging.consumer import after_commit

from ..domain.assess import assess
from ..domain.gates import ClassifiedUpload
from ..domain.reference_data import ReferenceData
from ..metrics import AssessmentMetrics
from .ports import AssessmentStore

PRODUCER = "assessment"


async def when_enquiry_submitted_assess(envelope: Envelope[EnquirySubmittedV1], store: AssessmentStore, *,
                                        reference_data: ReferenceData, clock: Clock,
                                        metrics: AssessmentMetrics) -> None:
    e = envelope.payload
    # The event carries the submission on to advisory, which builds the case from it (ADR 14).
    submission = SubmissionAssessed(event_id=envelope.event_id, submitted_at=envelope.occurred_at, enquiry=e)
    await assess_and_announce(envelope, store, enquiry_id=e.enquiry_id, profile=e.profile, consents=e.consents,
                              language=e.contact.language.value, reference_data=reference_data, clock=clock,
                              metrics=metrics, submission=submission)


async def when_enquiry_amended_reassess(envelope: Envelope[EnquiryAmendedV1], store: AssessmentStore, *,
                                        reference_data: ReferenceData, clock: Clock,
                                        metrics: AssessmentMetrics) -> None:
    e = envelope.payload
    await assess_and_announce(envelope, store, enquiry_id=e.enquiry_id, profile=e.profile, consents=e.consents,
                              language=e.contact.language.value, reference_data=reference_data, clock=clock,
                              metrics=metrics)


async def assess_and_announce(cause: Envelope[Any], store: AssessmentStore, *, enquiry_id: uuid.UUID,
                              profile: CompanyProfile, consents: Consents, language: str,
                              reference_data: ReferenceData, clock: Clock, metrics: AssessmentMetrics,
                              submission: SubmissionAssessed | None = None) -> None:
    """Assess, store the new revision and stage its event (with the submission it was made from, if any); counted
    once the transaction committed."""
    await store.hold_enquiry(enquiry_id)   # before reading the uploads: a refusal consumed at once is seen
    now = clock.now()  # one reading: the assessment's date and its event's time agree
    # The assessment date decides which funding calls are open and when a re-assessment is due; the taxonomy is
    # the one of the questions the company answered (ADR 13), so earlier enquiries keep theirs.
    result = assess(profile, consents, taxonomy=reference_data.taxonomy_for(profile.questionnaire),
                    partners=reference_data.partners, calls=reference_data.funding_calls,
                    sanctions=reference_data.sanctions,
                    today=now.astimezone(UTC).date(), language=language,
                    classified_uploads=await store.classified_uploads(enquiry_id))
    revision = await store.next_revision(enquiry_id)
    event = AssessmentCompletedV1(
        enquiry_id=enquiry_id, assessment_id=uuid.uuid4(), revision=revision,
        taxonomy_version=result.taxonomy_version, partner_directory_version=result.partner_directory_version,
        funding_calls_version=result.funding_calls_version, readiness_percent=result.readiness_percent,
        band=result.band, capability_fit=result.capability_fit, readiness=result.readiness, gates=result.gates,
        route=result.route, recommended_partners=result.recommended_partners,
        not_recommended=result.not_recommended, funding_calls=result.funding_calls,
        development_plan=result.development_plan,
    )
    # The stored revision keeps the scores only; the contact person travels in the event, not in `assessments`.
    announced = event if submission is None else event.model_copy(update={"submission": submission})
    await store.store_assessment(
        event, correlation_id=cause.correlation_id, caused_by=cause.event_id,
        inputs={"profile": profile.model_dump(mode="json"), "consents": consents.model_dump(mode="json"),
                "language": language},
        announced=new_envelope(announced, subject=subjects.ASSESSMENT_COMPLETED, producer=PRODUCER,
                               correlation_id=cause.correlation_id, causation_id=cause.event_id, occurred_at=now),
        subject=subjects.ASSESSMENT_COMPLETED,
    )
    # Counted once the consumer's transaction committed: never for a rolled-back batch or a failed COMMIT.
    band = result.band
    after_commit(lambda: metrics.assessment_stored(band))


async def when_document_refused_reassess(envelope: Envelope[DocumentRefusedV1], store: AssessmentStore, *,
                                         reference_data: ReferenceData, clock: Clock,
                                         metrics: AssessmentMetrics) -> None:
    """Gate G6: keep the refused upload; re-assess from the newest inputs so the advisor sees G6 open. Before the
    first assessment only the record is kept (that assessment finds it); a redelivery changes nothing."""
    e = envelope.payload
    upload = ClassifiedUpload(name=e.document.name, mark=e.mark, found_in=e.found_in, sha256=e.document.sha256)
    # Held before anything is read: the submission's assessment, consumed at the same time, either sees this upload
    # or has committed before latest_inputs below reads it (else both would miss the other and G6 stay clear).
    await store.hold_enquiry(e.enquiry_id)
    if not await store.record_classified_upload(enquiry_id=e.enquiry_id, document_id=e.document.document_id,
                                                upload=upload):
        return
    inputs = await store.latest_inputs(e.enquiry_id)
    if inputs is None:
        return
    await assess_and_announce(envelope, store, enquiry_id=e.enquiry_id,
                              profile=CompanyProfile.model_validate(inputs["profile"]),
                              consents=Consents.model_validate(inputs["consents"]),
                              language=str(inputs.get("language", "de")), reference_data=reference_data,
                              clock=clock, metrics=metrics)
