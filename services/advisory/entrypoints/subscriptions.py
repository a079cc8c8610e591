"""Every event advisory consumes, in one table."""
from shared.contracts import subjects
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1
from shared.contracts.notification import MessageFailedV1, MessageSentV1
from shared.contracts.gdpr import ErasureRequestedV1
from shared.messaging.consumer import Subscription

from .. import handlers
from ..erasure import when_erasure_requested_erase

SUBSCRIPTIONS: list[Subscription] = [
    Subscription(subject=subjects.ENQUIRY_SUBMITTED, durable="advisory-enquiry-submitted",
                 payload=EnquirySubmittedV1, handler=handlers.when_enquiry_submitted_create_case,
                 description="Create the case with the company's profile."),
    Subscription(subject=subjects.ASSESSMENT_COMPLETED, durable="advisory-assessment-completed",
                 payload=AssessmentCompletedV1, handler=handlers.when_assessment_completed_attach,
                 description="Attach the assessment; open the case in the queue."),
    Subscription(subject=subjects.ENQUIRY_AMENDED, durable="advisory-enquiry-amended",
                 payload=EnquiryAmendedV1, handler=handlers.when_enquiry_amended_resume,
                 description="The company answered: update the profile, resume the paused SLA clock."),
    Subscription(subject=subjects.MESSAGE_SENT, durable="advisory-message-sent", payload=MessageSentV1,
                 handler=handlers.when_message_sent_add_to_timeline, description="Timeline: email sent."),
    Subscription(subject=subjects.MESSAGE_FAILED, durable="advisory-message-failed", payload=MessageFailedV1,
                 handler=handlers.when_message_failed_add_to_timeline, description="Timeline: email failed."),
    Subscription(subject=subjects.ERASURE_REQUESTED, durable="advisory-erasure-requested",
                 payload=ErasureRequestedV1, handler=when_erasure_requested_erase,
                 description="GDPR erasure: remove the company's personal data from its cases."),
]
