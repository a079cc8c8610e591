"""What notification's use cases need from the outside; adapters/ implements it (asyncpg, aiosmtplib), the fast
tests in memory (tests/unit/notification/fakes.py)."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from email.message import Message
from typing import Any, Protocol

from shared.contracts.envelope import Envelope
from shared.messaging.outbox import Outbox

from ..domain.content import RenderedEmail
from ..domain.delivery import Backlog, QueuedEmail
from ..domain.plans import CompanyContact, EmailIntent


class NotificationStore(Protocol):
    """Recipients, queued emails and the outbox inside one transaction (the consumer's, with the inbox insert)."""

    @property
    def outbox(self) -> Outbox:
        """Events staged here commit or roll back with the transaction (read-only, so any Outbox will do)."""
        ...

    async def record_contact(self, contact: CompanyContact) -> None:
        """Keep the contact of a newly submitted enquiry; a republished submission changes nothing."""
        ...

    async def amend_contact(self, *, enquiry_id: uuid.UUID, revision: int, contact_email: str, contact_name: str,
                            language: str, company_name: str) -> bool:
        """Apply an amendment unless we hold a newer revision; False if the enquiry is not known yet."""
        ...

    async def company_contact(self, enquiry_id: uuid.UUID) -> CompanyContact | None: ...

    async def queue_email(self, intent: EmailIntent, *, message_id: str, event_id: uuid.UUID, correlation_id: str,
                          enquiry_id: uuid.UUID | None) -> bool:
        """Record the intent to send (status 'pending'); False if this Message-ID was queued before."""
        ...

    async def forget_recipients(self, enquiry_ids: list[uuid.UUID]) -> int:
        """Delete the recipients rows of these enquiries; returns how many."""
        ...

    async def fail_unsent_emails(self, enquiry_ids: list[uuid.UUID], *, reason: str) -> None:
        """Mark the pending and sending emails of these enquiries as failed, so they never go out."""
        ...

    async def blank_emails(self, enquiry_ids: list[uuid.UUID]) -> int:
        """Drop recipient address and context of every email of these enquiries; returns how many."""
        ...

    async def scrub_messaging_tables(self, references: list[str]) -> int:
        """Delete outbox rows and dead letters of these enquiries (by reference); returns how many."""
        ...


class OutboundEmails(Protocol):
    """The delivery log as the dispatcher uses it: each call is its own short transaction."""

    async def claim_due(self, *, limit: int, stale_after_s: float) -> list[QueuedEmail]:
        """Mark due emails 'sending' and commit that before any SMTP traffic ("record before"). A row left in
        'sending' by a crash is due again after `stale_after_s`."""
        ...

    async def mark_sent(self, email_id: int, *, event: Envelope[Any], subject: str) -> bool:
        """'sending' -> 'sent' with `event` staged in the outbox, atomically; False (nothing staged) if the row was
        no longer 'sending'."""
        ...

    async def mark_retry(self, email_id: int, *, delay_s: float, error: str) -> None:
        """'sending' -> 'pending', due again after `delay_s`."""
        ...

    async def mark_failed(self, email_id: int, *, error: str, event: Envelope[Any], subject: str) -> bool:
        """'sending' -> 'failed' with `event` staged in the outbox, atomically; False (nothing staged) if the row
        was no longer 'sending'."""
        ...

    async def backlog(self) -> Backlog: ...


class DispatcherLease(Protocol):
    """A dispatcher's sign of life: while renewed, no other dispatcher takes the emails it claimed."""

    async def renew(self) -> None: ...

    async def retire(self) -> None:
        """A clean stop: what this dispatcher left in 'sending' is free for the others at once."""
        ...


class FailedEmails(Protocol):
    """Failed emails as operators handle them."""

    async def requeue(self, email_id: int) -> bool:
        """'failed' -> 'pending' with attempts reset (same Message-ID); False if it was not failed."""
        ...


class PermanentSendError(Exception):
    """The server refused this message for good (5xx to RCPT/DATA); retrying will not help."""


class TransientSendError(Exception):
    """The server or network failed for now (down, 4xx, timeout, TLS or login trouble)."""


class EmailSender(Protocol):
    """Sends one message; raises PermanentSendError or TransientSendError when it could not."""

    async def send(self, message: Message, *, recipient: str) -> None: ...

    async def close(self) -> None: ...


class Renderer(Protocol):
    """Turns a template, a language and a context into the email's texts (presentation/rendering.py)."""

    def __call__(self, template: str, language: str, context: Mapping[str, Any]) -> RenderedEmail: ...
