"""Every subject on the wire and the payload class it carries: the one table of contracts."""
from pydantic import BaseModel

from . import advisory as adv
from .assessment import AssessmentCompletedV1
from .gdpr import ErasureCompletedV1, ErasureRequestedV1
from .intake import DocumentAddedV1, DocumentRefusedV1, DraftSavedV1, EnquiryAmendedV1, EnquirySubmittedV1
from .notification import MessageFailedV1, MessageSentV1

ENQUIRY_SUBMITTED = "intake.enquiry.submitted.v1"
ENQUIRY_AMENDED = "intake.enquiry.amended.v1"
DOCUMENT_ADDED = "intake.document.added.v1"
DOCUMENT_REFUSED = "intake.document.refused.v1"
DRAFT_SAVED = "intake.draft.saved.v1"
ASSESSMENT_COMPLETED = "assessment.assessment.completed.v1"
CASE_OPENED = "advisory.case.opened.v1"
CASE_CLAIMED = "advisory.case.claimed.v1"
CASE_UNCLAIMED = "advisory.case.unclaimed.v1"
INFO_REQUESTED = "advisory.case.info_requested.v1"
INTRODUCTION_APPROVED = "advisory.introduction.approved.v1"
INTRODUCTION_ANSWERED = "advisory.introduction.answered.v1"
INTRODUCTION_OUTCOME = "advisory.introduction.outcome_recorded.v1"
CASE_CLOSED = "advisory.case.closed.v1"
CASE_REOPENED = "advisory.case.reopened.v1"
CASE_ESCALATED = "advisory.case.escalated.v1"
NOTE_ADDED = "advisory.case.note_added.v1"
GATE_CLEARED = "advisory.case.gate_cleared.v1"
SCORE_OVERRIDDEN = "advisory.case.score_overridden.v1"
REASSESSMENT_DUE = "advisory.case.reassessment_due.v1"
RESULT_RELEASED = "advisory.result.released.v1"
ERASURE_REQUESTED = "intake.erasure.requested.v1"
ASSESSMENT_ERASURE_COMPLETED = "assessment.erasure.completed.v1"
ADVISORY_ERASURE_COMPLETED = "advisory.erasure.completed.v1"
NOTIFICATION_ERASURE_COMPLETED = "notification.erasure.completed.v1"
ERASURE_COMPLETED = {"assessment": ASSESSMENT_ERASURE_COMPLETED, "advisory": ADVISORY_ERASURE_COMPLETED,
                     "notification": NOTIFICATION_ERASURE_COMPLETED}
MESSAGE_SENT = "notification.message.sent.v1"
MESSAGE_FAILED = "notification.message.failed.v1"

PAYLOADS: dict[str, type[BaseModel]] = {
    ENQUIRY_SUBMITTED: EnquirySubmittedV1,
    ENQUIRY_AMENDED: EnquiryAmendedV1,
    DOCUMENT_ADDED: DocumentAddedV1,
    DOCUMENT_REFUSED: DocumentRefusedV1,
    DRAFT_SAVED: DraftSavedV1,
    ASSESSMENT_COMPLETED: AssessmentCompletedV1,
    CASE_OPENED: adv.CaseOpenedV1,
    CASE_CLAIMED: adv.CaseClaimedV1,
    CASE_UNCLAIMED: adv.CaseUnclaimedV1,
    INFO_REQUESTED: adv.InformationRequestedV1,
    INTRODUCTION_APPROVED: adv.IntroductionApprovedV1,
    INTRODUCTION_ANSWERED: adv.IntroductionAnsweredV1,
    INTRODUCTION_OUTCOME: adv.IntroductionOutcomeRecordedV1,
    CASE_CLOSED: adv.CaseClosedV1,
    CASE_REOPENED: adv.CaseReopenedV1,
    CASE_ESCALATED: adv.CaseEscalatedV1,
    NOTE_ADDED: adv.NoteAddedV1,
    GATE_CLEARED: adv.GateClearedV1,
    SCORE_OVERRIDDEN: adv.ScoreOverriddenV1,
    REASSESSMENT_DUE: adv.ReassessmentDueV1,
    RESULT_RELEASED: adv.ResultReleasedV1,
    ERASURE_REQUESTED: ErasureRequestedV1,
    ASSESSMENT_ERASURE_COMPLETED: ErasureCompletedV1,
    ADVISORY_ERASURE_COMPLETED: ErasureCompletedV1,
    NOTIFICATION_ERASURE_COMPLETED: ErasureCompletedV1,
    MESSAGE_SENT: MessageSentV1,
    MESSAGE_FAILED: MessageFailedV1,
}
