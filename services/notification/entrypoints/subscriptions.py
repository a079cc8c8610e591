"""Every event notification consumes, in one table."""
from shared.contracts import subjects
from shared.contracts.intake import EnquirySubmittedV1
from shared.messaging.consumer import Subscription

from .. import handlers
from ..settings import NotificationSettings


def subscriptions(settings: NotificationSettings) -> list[Subscription]:
    return [
        Subscription(
            subject=subjects.ENQUIRY_SUBMITTED, durable="notification-enquiry-submitted", payload=EnquirySubmittedV1,
            handler=handlers.make_when_enquiry_submitted(message_id_domain=settings.message_id_domain,
                                                          contact_address=settings.contact_address),
            description="Acknowledge the enquiry to the company.",
        ),
    ]
