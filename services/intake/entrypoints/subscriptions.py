"""Every event intake consumes, in one table."""
from __future__ import annotations

from typing import Any

from shared.contracts import subjects
from shared.contracts.advisory import (
    CaseClaimedV1,
    CaseClosedV1,
    CaseOpenedV1,
    CaseReopenedV1,
    InformationRequestedV1,
    IntroductionApprovedV1,
    ReassessmentDueV1,
    ResultReleasedV1,
)
from shared.contracts.gdpr import ErasureCompletedV1
from shared.messaging.consumer import Subscription, handled_with

from ..adapters.enquiry_store import PgEnquiryStore
from ..adapters.erasure_store import PgErasureStore
from ..adapters.result_store import PgResultStore
from ..dependencies import IntakeDependencies
from ..use_cases import follow_progress as progress
from ..use_cases.erase import when_erasure_completed_record
from ..use_cases.keep_result import when_result_released_keep


def subscriptions(deps: IntakeDependencies) -> list[Subscription[Any]]:
    """The status use cases decide with the events' own times and need nothing from `deps`."""
    table: list[Subscription[Any]] = [
        Subscription(
            subject=subjects.CASE_OPENED, durable="intake-case-opened", payload=CaseOpenedV1,
            handler=handled_with(PgEnquiryStore, progress.when_case_opened_update_status),
            description="Record that the advisors' queue has the case.",
        ),
        Subscription(
            subject=subjects.CASE_CLAIMED, durable="intake-case-claimed", payload=CaseClaimedV1,
            handler=handled_with(PgEnquiryStore, progress.when_case_claimed_show_with_advisor),
            description="Show 'with an advisor' once someone took the case.",
        ),
        Subscription(
            subject=subjects.INFO_REQUESTED, durable="intake-info-requested", payload=InformationRequestedV1,
            handler=handled_with(PgEnquiryStore, progress.when_information_requested_wait_for_company),
            description="Show the advisor's question and let the company amend its enquiry.",
        ),
        Subscription(
            subject=subjects.INTRODUCTION_APPROVED, durable="intake-introduction-approved",
            payload=IntroductionApprovedV1,
            handler=handled_with(PgEnquiryStore, progress.when_introduction_approved_show_introduced),
            description="Show 'introduced' once partners were introduced.",
        ),
        Subscription(
            subject=subjects.CASE_CLOSED, durable="intake-case-closed", payload=CaseClosedV1,
            handler=handled_with(PgEnquiryStore, progress.when_case_closed_show_closed),
            description="Show 'closed'.",
        ),
        Subscription(
            subject=subjects.CASE_REOPENED, durable="intake-case-reopened", payload=CaseReopenedV1,
            handler=handled_with(PgEnquiryStore, progress.when_case_reopened_show_with_advisor),
            description="A reopened case is with an advisor again.",
        ),
        Subscription(
            subject=subjects.REASSESSMENT_DUE, durable="intake-reassessment-due", payload=ReassessmentDueV1,
            handler=handled_with(PgEnquiryStore, progress.when_reassessment_due_invite_company),
            description="Re-assessment due and the company agreed to be asked: let it update its answers.",
        ),
        Subscription(
            subject=subjects.RESULT_RELEASED, durable="intake-result-released", payload=ResultReleasedV1,
            handler=handled_with(PgResultStore, when_result_released_keep),
            description="An advisor released the result: show it on the company's status page and status API.",
        ),
    ]
    for service, subject in sorted(subjects.ERASURE_COMPLETED.items()):
        table.append(Subscription(
            subject=subject, durable=f"intake-erasure-completed-{service}", payload=ErasureCompletedV1,
            handler=handled_with(PgErasureStore, when_erasure_completed_record),
            description=f"GDPR erasure: {service} removed its data.",
        ))
    return table
