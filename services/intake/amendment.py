"""Use case: the company amends its enquiry after an advisor asked for more information."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import EnquiryAmendedV1
from shared.messaging.outbox import add_to_outbox

from .adapters import repository as repo
from .domain.status import EnquiryStatus, can_amend
from .domain.submission import EnquirySubmission
from .handlers import PRODUCER


class NotAmendable(Exception):
    """No such enquiry, or nobody asked the company for more information (any more)."""


@dataclass(frozen=True)
class Amended:
    enquiry_id: uuid.UUID
    reference: str
    revision: int


async def amend_enquiry(pool: asyncpg.Pool, enquiry_id: uuid.UUID, submission: EnquirySubmission,
                        *, source: str = "form") -> Amended:
    """Store a new revision, record the consents again, emit `intake.enquiry.amended.v1`; one transaction."""
    async with pool.acquire() as conn, conn.transaction():
        row = await repo.lock_enquiry(conn, enquiry_id)  # a double submit waits here, then finds with_advisor
        if row is None or not can_amend(EnquiryStatus(row["status"])):
            raise NotAmendable(str(enquiry_id))
        revision = row["revision"] + 1
        profile = submission.profile()
        consents = submission.consents.model_dump(mode="json")
        await repo.store_amendment(conn, enquiry_id=enquiry_id, revision=revision,
                                   profile=profile.model_dump(mode="json"),
                                   contact=submission.contact.model_dump(mode="json"), consents=consents)
        await repo.insert_consent_record(conn, enquiry_id=enquiry_id, consents=consents, source=f"amendment-{source}")
        # The company answered: the advisor has the ball again, and this decision is newer than the request.
        await repo.set_status(conn, enquiry_id=enquiry_id, status=EnquiryStatus.WITH_ADVISOR, event_id=None,
                              decided_at=max(datetime.now(UTC), row["status_decided_at"]))
        await repo.set_open_question(conn, enquiry_id=enquiry_id, request_id=None, question=None, respond_by=None)
        event = EnquiryAmendedV1(enquiry_id=enquiry_id, reference=row["reference"], revision=revision,
                                 profile=profile, contact=submission.contact, consents=submission.consents)
        envelope = new_envelope(event, subject=subjects.ENQUIRY_AMENDED, producer=PRODUCER,
                                correlation_id=row["reference"])
        await add_to_outbox(conn, envelope, subjects.ENQUIRY_AMENDED)
        return Amended(enquiry_id, row["reference"], revision)
