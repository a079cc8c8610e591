"""Every event notification consumes, in one table."""
from shared.contracts import advisory as adv
from shared.contracts import subjects
from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1
from shared.contracts.gdpr import ErasureRequestedV1
from shared.messaging.consumer import Subscription

from ..erasure import when_erasure_requested_erase
from ..handlers import NotificationHandlers


def subscriptions(handlers: NotificationHandlers) -> list[Subscription]:
    h = handlers
    return [
        Subscription(subjects.ENQUIRY_SUBMITTED, "notification-enquiry-submitted", EnquirySubmittedV1,
                     h.enquiry_submitted, "Record the company contact; acknowledge the enquiry."),
        Subscription(subjects.ENQUIRY_AMENDED, "notification-enquiry-amended", EnquiryAmendedV1,
                     h.enquiry_amended, "Update the company contact from the amended enquiry."),
        Subscription(subjects.INFO_REQUESTED, "notification-info-requested", adv.InformationRequestedV1,
                     h.information_requested, "Send the advisor's question to the company."),
        Subscription(subjects.INTRODUCTION_APPROVED, "notification-introduction-approved", adv.IntroductionApprovedV1,
                     h.introduction_approved, "Introduce the company to each partner, and the partners to it."),
        Subscription(subjects.CASE_CLOSED, "notification-case-closed", adv.CaseClosedV1,
                     h.case_closed, "Tell the company its enquiry was closed (when notify_company)."),
        Subscription(subjects.CASE_ESCALATED, "notification-case-escalated", adv.CaseEscalatedV1,
                     h.case_escalated, "Warn the team leads about an SLA warning or breach."),
        Subscription(subjects.ERASURE_REQUESTED, "notification-erasure-requested", ErasureRequestedV1,
                     when_erasure_requested_erase, "GDPR erasure: forget recipients and rendered content."),
    ]
