"""Every event assessment consumes, in one table."""
from __future__ import annotations

from functools import partial
from typing import Any

from shared.contracts import subjects
from shared.contracts.gdpr import ErasureRequestedV1
from shared.contracts.intake import DocumentRefusedV1, EnquiryAmendedV1, EnquirySubmittedV1
from shared.messaging.consumer import Subscription, handled_with

from ..adapters.assessments import PgAssessmentStore
from ..dependencies import AssessmentDependencies
from ..use_cases.assess import (
    when_document_refused_reassess,
    when_enquiry_amended_reassess,
    when_enquiry_submitted_assess,
)
from ..use_cases.erase import when_erasure_requested_erase


def subscriptions(deps: AssessmentDependencies) -> list[Subscription[Any]]:
    assess = partial(when_enquiry_submitted_assess, reference_data=deps.reference_data, clock=deps.clock,
                     metrics=deps.metrics)
    reassess = partial(when_enquiry_amended_reassess, reference_data=deps.reference_data, clock=deps.clock,
                       metrics=deps.metrics)
    refused = partial(when_document_refused_reassess, reference_data=deps.reference_data, clock=deps.clock,
                      metrics=deps.metrics)
    return [
        Subscription(subject=subjects.DOCUMENT_REFUSED, durable="assessment-document-refused",
                     payload=DocumentRefusedV1,
                     handler=handled_with(PgAssessmentStore, refused),
                     description="Gate G6: an upload carried a classification marking; re-assess with G6 open."),
        Subscription(subject=subjects.ENQUIRY_SUBMITTED, durable="assessment-enquiry-submitted",
                     payload=EnquirySubmittedV1,
                     handler=handled_with(PgAssessmentStore, assess),
                     description="Assess a new enquiry against the taxonomy in force."),
        Subscription(subject=subjects.ENQUIRY_AMENDED, durable="assessment-enquiry-amended",
                     payload=EnquiryAmendedV1,
                     handler=handled_with(PgAssessmentStore, reassess),
                     description="Re-assess an amended enquiry as a new revision."),
        Subscription(subject=subjects.ERASURE_REQUESTED, durable="assessment-erasure-requested",
                     payload=ErasureRequestedV1,
                     handler=handled_with(PgAssessmentStore, when_erasure_requested_erase),
                     description="GDPR erasure: drop the stored profile inputs."),
    ]
