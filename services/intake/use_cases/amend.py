"""Use case: the company amends its enquiry after an advisor asked for more information."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import EnquiryAmendedV1

from ..domain.status import EnquiryStatus, can_amend
from ..domain.submission import EnquirySubmission
from . import PRODUCER
from .ports import EnquiryStore, UnitOfWork


class NotAmendable(Exception):
    """No such enquiry, or nobody asked the company for more information (any more)."""


@dataclass(frozen=True)
class Amended:
    enquiry_id: uuid.UUID
    reference: str
    revision: int


async def amend_enquiry(uow: UnitOfWork[EnquiryStore], enquiry_id: uuid.UUID, submission: EnquirySubmission,
                        *, clock: Clock, source: str = "form") -> Amended:
    """Store a new revision, record the consents again, emit `intake.enquiry.amended.v1`; one transaction."""
    async with uow.transaction() as store:
        enquiry = await store.lock_enquiry(enquiry_id)  # a double submit waits here, then finds with_advisor
        if enquiry is None or not can_amend(enquiry.status):
            raise NotAmendable(str(enquiry_id))
        revision = enquiry.revision + 1
        # An enquiry keeps the questionnaire it was first answered with, so its taxonomy does not change (ADR 13).
        profile = submission.profile().model_copy(update={"questionnaire": enquiry.questionnaire})
        await store.store_amendment(enquiry_id=enquiry_id, revision=revision, profile=profile.model_dump(mode="json"),
                                    contact=submission.contact.model_dump(mode="json"),
                                    consents=submission.consents.model_dump(mode="json"),
                                    consent_source=f"amendment-{source}")
        # The company answered: the advisor has the ball again, and this decision is newer than the request.
        await store.set_status(enquiry_id=enquiry_id, status=EnquiryStatus.WITH_ADVISOR, event_id=None,
                               decided_at=max(clock.now(), enquiry.status_decided_at))
        await store.clear_open_question(enquiry_id)
        event = EnquiryAmendedV1(enquiry_id=enquiry_id, reference=enquiry.reference, revision=revision,
                                 profile=profile, contact=submission.contact, consents=submission.consents)
        envelope = new_envelope(event, subject=subjects.ENQUIRY_AMENDED, producer=PRODUCER,
                                correlation_id=enquiry.reference, occurred_at=clock.now())
        await store.outbox.add(envelope, subjects.ENQUIRY_AMENDED)
        return Amended(enquiry_id, enquiry.reference, revision)
