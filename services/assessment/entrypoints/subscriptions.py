"""Every event assessment consumes, in one table."""
from shared.contracts import subjects
from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1
from shared.contracts.gdpr import ErasureRequestedV1
from shared.messaging.consumer import Subscription

from ..erasure import when_erasure_requested_erase
from ..handlers import ReferenceData, make_handlers
from ..metrics import AssessmentMetrics


def subscriptions(data: ReferenceData, *, metrics: AssessmentMetrics) -> list[Subscription]:
    handlers = make_handlers(data, metrics=metrics)
    return [
        Subscription(subject=subjects.ENQUIRY_SUBMITTED, durable="assessment-enquiry-submitted",
                     payload=EnquirySubmittedV1, handler=handlers["submitted"],
                     description="Assess a new enquiry against the taxonomy in force."),
        Subscription(subject=subjects.ENQUIRY_AMENDED, durable="assessment-enquiry-amended",
                     payload=EnquiryAmendedV1, handler=handlers["amended"],
                     description="Re-assess an amended enquiry as a new revision."),
        Subscription(subject=subjects.ERASURE_REQUESTED, durable="assessment-erasure-requested",
                     payload=ErasureRequestedV1, handler=when_erasure_requested_erase,
                     description="GDPR erasure: drop the stored profile inputs."),
    ]
