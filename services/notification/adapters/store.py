"""NotificationStore over the consumer transaction's connection (use_cases/ports.py)."""
from __future__ import annotations

import uuid

import asyncpg

from shared.gdpr import scrub_messaging_tables
from shared.messaging.outbox import Outbox, PgOutbox

from ..domain.plans import CompanyContact, EmailIntent
from . import emails, recipients


class PgNotificationStore:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self.outbox: Outbox = PgOutbox(conn)

    async def record_contact(self, contact: CompanyContact) -> None:
        await recipients.record_submitted(self._conn, contact=contact)

    async def amend_contact(self, *, enquiry_id: uuid.UUID, revision: int, contact_email: str, contact_name: str,
                            language: str, company_name: str) -> bool:
        return await recipients.record_amended(
            self._conn, enquiry_id=enquiry_id, revision=revision, contact_email=contact_email,
            contact_name=contact_name, language=language, company_name=company_name)

    async def company_contact(self, enquiry_id: uuid.UUID) -> CompanyContact | None:
        return await recipients.company_contact(self._conn, enquiry_id)

    async def queue_email(self, intent: EmailIntent, *, message_id: str, event_id: uuid.UUID, correlation_id: str,
                          enquiry_id: uuid.UUID | None) -> bool:
        return await emails.queue_email(
            self._conn, message_id=message_id, event_id=event_id, correlation_id=correlation_id,
            enquiry_id=enquiry_id, template=intent.template, language=intent.language, recipient=intent.recipient,
            recipient_role=intent.recipient_role, context=intent.context)

    async def forget_recipients(self, enquiry_ids: list[uuid.UUID]) -> int:
        return await recipients.forget(self._conn, enquiry_ids)

    async def fail_unsent_emails(self, enquiry_ids: list[uuid.UUID], *, reason: str) -> None:
        await emails.fail_unsent(self._conn, enquiry_ids, reason=reason)

    async def blank_emails(self, enquiry_ids: list[uuid.UUID]) -> int:
        return await emails.blank(self._conn, enquiry_ids)

    async def scrub_messaging_tables(self, references: list[str]) -> int:
        return await scrub_messaging_tables(self._conn, references)
