"""Every event notification consumes, in one table."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.advisory import (
    CaseClaimedV1,
    CaseClosedV1,
    CaseEscalatedV1,
    InformationRequestedV1,
    IntroductionApprovedV1,
    ReassessmentDueV1,
    ResultReleasedV1,
)
from shared.contracts.gdpr import ErasureRequestedV1
from shared.contracts.intake import DraftSavedV1, EnquiryAmendedV1, EnquirySubmittedV1
from shared.messaging.consumer import Subscription, handled_with

from ..adapters.store import PgNotificationStore
from ..dependencies import NotificationDependencies
from ..use_cases.acknowledge import when_enquiry_submitted_acknowledge
from ..use_cases.announce_closure import when_case_closed_announce_closure
from ..use_cases.announce_result import when_result_released_announce
from ..use_cases.erase import when_erasure_requested_erase
from ..use_cases.forward_question import when_information_requested_forward_question
from ..use_cases.introduce import when_introduction_approved_introduce
from ..use_cases.ports import NotificationStore
from ..use_cases.remind_reassessment import when_reassessment_due_remind
from ..use_cases.send_resume_link import when_draft_saved_send_resume_link
from ..use_cases.tell_assignee import when_case_claimed_tell_assignee
from ..use_cases.update_contact import when_enquiry_amended_update_contact
from ..use_cases.warn_leads import when_case_escalated_warn_leads

# Typed as the port, so mypy checks that the adapter implements it.
STORE: Callable[[asyncpg.Connection], NotificationStore] = PgNotificationStore


def subscriptions(deps: NotificationDependencies) -> list[Subscription[Any]]:
    contact_address, message_id_domain = deps.settings.contact_address, deps.settings.message_id_domain
    return [
        Subscription(
            subject=subjects.ENQUIRY_SUBMITTED, durable="notification-enquiry-submitted", payload=EnquirySubmittedV1,
            handler=handled_with(STORE, partial(
                when_enquiry_submitted_acknowledge, contact_address=contact_address,
                message_id_domain=message_id_domain)),
            description="Record the company contact; acknowledge the enquiry."),
        Subscription(
            subject=subjects.ENQUIRY_AMENDED, durable="notification-enquiry-amended", payload=EnquiryAmendedV1,
            handler=handled_with(STORE, when_enquiry_amended_update_contact),
            description="Update the company contact from the amended enquiry."),
        Subscription(
            subject=subjects.INFO_REQUESTED, durable="notification-info-requested", payload=InformationRequestedV1,
            handler=handled_with(STORE, partial(
                when_information_requested_forward_question, contact_address=contact_address,
                message_id_domain=message_id_domain)),
            description="Send the advisor's question to the company."),
        Subscription(
            subject=subjects.INTRODUCTION_APPROVED, durable="notification-introduction-approved",
            payload=IntroductionApprovedV1,
            handler=handled_with(STORE, partial(
                when_introduction_approved_introduce, directory=deps.directory, contact_address=contact_address,
                message_id_domain=message_id_domain)),
            description="Introduce the company to each partner, and the partners to it."),
        Subscription(
            subject=subjects.CASE_CLOSED, durable="notification-case-closed", payload=CaseClosedV1,
            handler=handled_with(STORE, partial(
                when_case_closed_announce_closure, contact_address=contact_address,
                enquiry_form_url=deps.settings.enquiry_form_url, message_id_domain=message_id_domain)),
            description="Tell the company its enquiry was closed (when notify_company)."),
        Subscription(
            subject=subjects.CASE_ESCALATED, durable="notification-case-escalated", payload=CaseEscalatedV1,
            handler=handled_with(STORE, partial(
                when_case_escalated_warn_leads, contact_address=contact_address,
                message_id_domain=message_id_domain)),
            description="Warn the team leads about an SLA warning or breach."),
        Subscription(
            subject=subjects.REASSESSMENT_DUE, durable="notification-reassessment-due", payload=ReassessmentDueV1,
            handler=handled_with(STORE, partial(
                when_reassessment_due_remind, contact_address=contact_address,
                message_id_domain=message_id_domain)),
            description="Remind the advisor of a due re-assessment; invite the company if it agreed."),
        Subscription(
            subject=subjects.RESULT_RELEASED, durable="notification-result-released", payload=ResultReleasedV1,
            handler=handled_with(STORE, partial(
                when_result_released_announce, contact_address=contact_address,
                message_id_domain=message_id_domain)),
            description="Tell the company its result is ready on its status page."),
        Subscription(
            subject=subjects.CASE_CLAIMED, durable="notification-case-claimed", payload=CaseClaimedV1,
            handler=handled_with(STORE, partial(
                when_case_claimed_tell_assignee, contact_address=contact_address,
                message_id_domain=message_id_domain)),
            description="Tell the advisor a case was assigned to them (auto or by a lead), with the link."),
        Subscription(
            subject=subjects.DRAFT_SAVED, durable="notification-draft-saved", payload=DraftSavedV1,
            handler=handled_with(STORE, partial(
                when_draft_saved_send_resume_link, contact_address=contact_address,
                message_id_domain=message_id_domain)),
            description="Email the company the link to continue its saved form (one active link per draft)."),
        Subscription(
            subject=subjects.ERASURE_REQUESTED, durable="notification-erasure-requested", payload=ErasureRequestedV1,
            handler=handled_with(STORE, when_erasure_requested_erase),
            description="GDPR erasure: forget recipients and rendered content."),
    ]
