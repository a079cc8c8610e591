"""Every event advisory consumes, in one table."""
from __future__ import annotations

from functools import partial
from typing import Any

from shared.contracts import subjects
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.gdpr import ErasureRequestedV1
from shared.contracts.intake import DocumentAddedV1, DocumentRefusedV1, EnquiryAmendedV1
from shared.contracts.notification import MessageFailedV1, MessageSentV1
from shared.messaging.consumer import Subscription, handled_with

from ..adapters.case_documents import PgCaseDocuments
from ..adapters.case_store import PgCaseStore
from ..dependencies import AdvisoryDependencies
from ..use_cases.attach_assessment import when_assessment_completed_attach
from ..use_cases.erase import when_erasure_requested_erase
from ..use_cases.record_document import when_document_added_record, when_document_refused_record
from ..use_cases.record_message import when_message_failed_add_to_timeline, when_message_sent_add_to_timeline
from ..use_cases.resume_sla import when_enquiry_amended_resume
from .counting import counted


def subscriptions(deps: AdvisoryDependencies) -> list[Subscription[Any]]:
    """The table; each handler also hands the metric facts of its committed transaction to the metrics."""
    clock = deps.clock
    table: list[Subscription[Any]] = [
        Subscription(subject=subjects.ASSESSMENT_COMPLETED, durable="advisory-assessment-completed",
                     payload=AssessmentCompletedV1,
                     handler=handled_with(PgCaseStore, partial(when_assessment_completed_attach, clock=clock,
                                                               ui_base_url=deps.settings.ui_url)),
                     description="Create the case from the submission the first assessment carries (ADR 14), "
                                 "attach each revision; open the case in the queue."),
        Subscription(subject=subjects.ENQUIRY_AMENDED, durable="advisory-enquiry-amended",
                     payload=EnquiryAmendedV1,
                     handler=handled_with(PgCaseStore, partial(when_enquiry_amended_resume, clock=clock)),
                     description="The company answered: update the profile, resume the paused SLA clock."),
        Subscription(subject=subjects.MESSAGE_SENT, durable="advisory-message-sent", payload=MessageSentV1,
                     handler=handled_with(PgCaseStore, when_message_sent_add_to_timeline),
                     description="Timeline: email sent."),
        Subscription(subject=subjects.MESSAGE_FAILED, durable="advisory-message-failed", payload=MessageFailedV1,
                     handler=handled_with(PgCaseStore, when_message_failed_add_to_timeline),
                     description="Timeline: email failed."),
        Subscription(subject=subjects.DOCUMENT_ADDED, durable="advisory-document-added", payload=DocumentAddedV1,
                     handler=handled_with(PgCaseDocuments, when_document_added_record),
                     description="List the company's screened document on its case (downloadable by advisors)."),
        Subscription(subject=subjects.DOCUMENT_REFUSED, durable="advisory-document-refused",
                     payload=DocumentRefusedV1, handler=handled_with(PgCaseDocuments, when_document_refused_record),
                     description="Record a refused classified upload on the case (never downloadable)."),
        Subscription(subject=subjects.ERASURE_REQUESTED, durable="advisory-erasure-requested",
                     payload=ErasureRequestedV1, handler=handled_with(PgCaseStore, when_erasure_requested_erase),
                     description="GDPR erasure: remove the company's personal data from its cases."),
    ]
    return counted(table, sink=deps.metrics.record)
