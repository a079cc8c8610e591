"""notification's reactions to events: keep the recipients of each enquiry, decide who gets which email, queue it.

Every handler runs in the consumer's transaction (with the inbox insert). Queuing is an INSERT keyed by the
deterministic Message-ID, so a redelivered event queues nothing new. Sending happens in the dispatcher, after
this transaction committed.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import asyncpg

from shared.contracts.advisory import CaseClosedV1, CaseEscalatedV1, InformationRequestedV1, IntroductionApprovedV1
from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1
from shared.messaging.consumer import PermanentError
from shared.taxonomy import PartnerDirectory

from .adapters import emails, recipients
from .domain import plans
from .domain.message import deterministic_message_id

log = logging.getLogger(__name__)


class RecipientsNotKnownYet(Exception):
    """The enquiry's submitted event has not been processed yet (events of different subjects may overtake each
    other). Not a PermanentError: the consumer naks with a delay and the event is tried again."""


@dataclass(frozen=True)
class NotificationHandlers:
    message_id_domain: str
    contact_address: str
    enquiry_form_url: str
    directory: PartnerDirectory

    async def enquiry_submitted(self, envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        """Remember the company contact and acknowledge the enquiry."""
        e: EnquirySubmittedV1 = envelope.payload
        contact = plans.CompanyContact(
            enquiry_id=e.enquiry_id, reference=e.reference, contact_email=str(e.contact.email),
            contact_name=e.contact.name, language=e.contact.language.value, company_name=e.profile.company.name,
            status_url=e.status_url,
        )
        await recipients.record_submitted(conn, contact=contact)
        await self._queue(conn, envelope, e.enquiry_id, [plans.acknowledgement(contact,
                                                                               contact_address=self.contact_address)])

    async def enquiry_amended(self, envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        """Update the contact (address, name, language) from the amended enquiry; sends nothing."""
        e: EnquiryAmendedV1 = envelope.payload
        known = await recipients.record_amended(
            conn, enquiry_id=e.enquiry_id, revision=e.revision, contact_email=str(e.contact.email),
            contact_name=e.contact.name, language=e.contact.language.value, company_name=e.profile.company.name,
        )
        if not known:
            raise RecipientsNotKnownYet(f"enquiry {e.enquiry_id} amended before it was seen as submitted")

    async def information_requested(self, envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        e: InformationRequestedV1 = envelope.payload
        company = await self._company(conn, e.enquiry_id)
        await self._queue(conn, envelope, e.enquiry_id,
                          [plans.information_request(e, company, contact_address=self.contact_address)])

    async def introduction_approved(self, envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        e: IntroductionApprovedV1 = envelope.payload
        company = await self._company(conn, e.enquiry_id)
        try:
            intents = plans.introductions(e, company, directory=self.directory, contact_address=self.contact_address)
        except plans.CannotAddress as exc:
            # Fix the directory (or the event's producer), restart, then retry the dead letter.
            raise PermanentError(str(exc)) from exc
        await self._queue(conn, envelope, e.enquiry_id, intents)

    async def case_closed(self, envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        e: CaseClosedV1 = envelope.payload
        if not e.notify_company:
            return
        company = await self._company(conn, e.enquiry_id)
        await self._queue(conn, envelope, e.enquiry_id, plans.closure(
            e, company, contact_address=self.contact_address, enquiry_form_url=self.enquiry_form_url))

    async def case_escalated(self, envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        e: CaseEscalatedV1 = envelope.payload
        await self._queue(conn, envelope, e.enquiry_id, plans.escalation(e, contact_address=self.contact_address))

    async def _company(self, conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> plans.CompanyContact:
        company = await recipients.company_contact(conn, enquiry_id)
        if company is None:
            raise RecipientsNotKnownYet(f"no recipients recorded for enquiry {enquiry_id} yet")
        return company

    async def _queue(self, conn: asyncpg.Connection, envelope: Envelope[Any], enquiry_id: uuid.UUID,
                     intents: Iterable[plans.EmailIntent]) -> None:
        for intent in intents:
            try:
                message_id = deterministic_message_id(
                    event_id=str(envelope.event_id), recipient_role=intent.recipient_role,
                    recipient=intent.recipient, template=intent.template, domain=self.message_id_domain)
            except ValueError as exc:  # an address the message builder would refuse; never becomes sendable
                raise PermanentError(f"cannot address {intent.recipient_role}: {exc}") from exc
            queued = await emails.queue_email(
                conn, message_id=message_id, event_id=envelope.event_id, correlation_id=envelope.correlation_id,
                enquiry_id=enquiry_id, template=intent.template, language=intent.language,
                recipient=intent.recipient, recipient_role=intent.recipient_role, context=intent.context,
            )
            if not queued:
                log.info("email already queued", extra={"fields": {"message_id": message_id}})
