"""Every event intake consumes, in one table."""
from shared.contracts import subjects
from shared.contracts.advisory import CaseOpenedV1
from shared.contracts.assessment import AssessmentCompletedV1
from shared.messaging.consumer import Subscription

from .. import handlers

SUBSCRIPTIONS: list[Subscription] = [
    Subscription(
        subject=subjects.ASSESSMENT_COMPLETED, durable="intake-assessment-completed", payload=AssessmentCompletedV1,
        handler=handlers.when_assessment_completed_update_status,
        description="Show 'in assessment' on the company's status page.",
    ),
    Subscription(
        subject=subjects.CASE_OPENED, durable="intake-case-opened", payload=CaseOpenedV1,
        handler=handlers.when_case_opened_update_status,
        description="Record that the advisors' queue has the case.",
    ),
]
