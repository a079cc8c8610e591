"""Every subject on the wire and the payload class it carries: the one table of contracts."""
from pydantic import BaseModel

from .advisory import CaseOpenedV1
from .assessment import AssessmentCompletedV1
from .intake import EnquiryAmendedV1, EnquirySubmittedV1
from .notification import MessageFailedV1, MessageSentV1

ENQUIRY_SUBMITTED = "intake.enquiry.submitted.v1"
ENQUIRY_AMENDED = "intake.enquiry.amended.v1"
ASSESSMENT_COMPLETED = "assessment.assessment.completed.v1"
CASE_OPENED = "advisory.case.opened.v1"
MESSAGE_SENT = "notification.message.sent.v1"
MESSAGE_FAILED = "notification.message.failed.v1"

PAYLOADS: dict[str, type[BaseModel]] = {
    ENQUIRY_SUBMITTED: EnquirySubmittedV1,
    ENQUIRY_AMENDED: EnquiryAmendedV1,
    ASSESSMENT_COMPLETED: AssessmentCompletedV1,
    CASE_OPENED: CaseOpenedV1,
    MESSAGE_SENT: MessageSentV1,
    MESSAGE_FAILED: MessageFailedV1,
}
