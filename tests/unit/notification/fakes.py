"""In-memory stand-ins for notification's ports (services/notification/use_cases/ports.py), for the use-case tests.

Like cosmicpython's FakeRepository: one list of email rows (the `outbound_emails` table) that the consumer-side
store queues into and the dispatcher-side log claims from, a dict of recipients, a FakeOutbox for staged events,
a FakeSender for SMTP. Time comes from a FrozenClock, so retries and stale claims are tested by advancing it. The
integration tests prove the real adapters against PostgreSQL and a real SMTP server.
"""
from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import Message
from typing import Any

from services.notification.domain.delivery import Backlog, QueuedEmail
from services.notification.domain.plans import CompanyContact, EmailIntent
from shared.clock import FrozenClock
from shared.contracts.envelope import Envelope
from tests.support.fakes import FakeOutbox

ERASED = "erased@invalid"


@dataclass
class StoredEmail:
    """One row of `outbound_emails`."""

    id: int
    message_id: str
    event_id: uuid.UUID
    correlation_id: str
    enquiry_id: uuid.UUID | None
    template: str
    language: str
    recipient: str
    recipient_role: str
    context: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    status: str = "pending"
    attempts: int = 0
    claimed_at: datetime | None = None
    last_error: str | None = None
    operator_retries: int = 0


@dataclass
class EmailTable:
    """`outbound_emails`, shared by the store (queues) and the delivery log (claims, marks)."""

    clock: FrozenClock = field(default_factory=FrozenClock)
    rows: list[StoredEmail] = field(default_factory=list)

    def where(self, **columns: Any) -> list[StoredEmail]:
        return [r for r in self.rows if all(getattr(r, k) == v for k, v in columns.items())]

    def one(self, **columns: Any) -> StoredEmail:
        found = self.where(**columns)
        assert len(found) == 1, f"{len(found)} emails where {columns}: {[r.template for r in self.rows]}"
        return found[0]


@dataclass
class FakeNotificationStore:
    """NotificationStore: recipients and queued emails of one consumer transaction."""

    emails: EmailTable = field(default_factory=EmailTable)
    recipients: dict[uuid.UUID, tuple[int, CompanyContact]] = field(default_factory=dict)
    # Correlation ids (= enquiry references) of the outbox rows and dead letters the service holds.
    messaging_rows: list[str] = field(default_factory=list)
    outbox: FakeOutbox = field(default_factory=FakeOutbox)

    async def record_contact(self, contact: CompanyContact) -> None:
        self.recipients.setdefault(contact.enquiry_id, (1, contact))

    async def amend_contact(self, *, enquiry_id: uuid.UUID, revision: int, contact_email: str, contact_name: str,
                            language: str, company_name: str) -> bool:
        if enquiry_id not in self.recipients:
            return False
        held, contact = self.recipients[enquiry_id]
        if held < revision:
            self.recipients[enquiry_id] = (revision, dataclasses.replace(
                contact, contact_email=contact_email, contact_name=contact_name, language=language,
                company_name=company_name))
        return True

    async def company_contact(self, enquiry_id: uuid.UUID) -> CompanyContact | None:
        held = self.recipients.get(enquiry_id)
        return held[1] if held else None

    async def queue_email(self, intent: EmailIntent, *, message_id: str, event_id: uuid.UUID, correlation_id: str,
                          enquiry_id: uuid.UUID | None) -> bool:
        if self.emails.where(message_id=message_id):
            return False
        now = self.emails.clock.now()
        self.emails.rows.append(StoredEmail(
            id=len(self.emails.rows) + 1, message_id=message_id, event_id=event_id, correlation_id=correlation_id,
            enquiry_id=enquiry_id, template=intent.template, language=intent.language, recipient=intent.recipient,
            recipient_role=intent.recipient_role, context=intent.context, created_at=now, next_attempt_at=now))
        return True

    async def forget_recipients(self, enquiry_ids: list[uuid.UUID]) -> int:
        return sum(self.recipients.pop(e, None) is not None for e in enquiry_ids)

    async def fail_unsent_emails(self, enquiry_ids: list[uuid.UUID], *, reason: str) -> None:
        for row in self.emails.rows:
            if row.enquiry_id in enquiry_ids and row.status in ("pending", "sending"):
                row.status, row.last_error = "failed", reason

    async def blank_emails(self, enquiry_ids: list[uuid.UUID]) -> int:
        blanked = [row for row in self.emails.rows if row.enquiry_id in enquiry_ids]
        for row in blanked:
            row.recipient, row.context = ERASED, {}
        return len(blanked)

    async def scrub_messaging_tables(self, references: list[str]) -> int:
        kept = [ref for ref in self.messaging_rows if ref not in references]
        scrubbed = len(self.messaging_rows) - len(kept)
        self.messaging_rows = kept
        return scrubbed


@dataclass
class FakeOutboundEmails:
    """OutboundEmails and FailedEmails over the same EmailTable; staged events land in `outbox`."""

    emails: EmailTable = field(default_factory=EmailTable)
    outbox: FakeOutbox = field(default_factory=FakeOutbox)
    open_dead_letters: int = 0

    async def claim_due(self, *, limit: int, stale_after_s: float) -> list[QueuedEmail]:
        now = self.emails.clock.now()
        stale_before = now - timedelta(seconds=stale_after_s)
        due = [r for r in self.emails.rows
               if (r.status == "pending" and r.next_attempt_at <= now)
               or (r.status == "sending" and r.claimed_at is not None and r.claimed_at < stale_before)][:limit]
        for row in due:
            row.status, row.claimed_at, row.attempts = "sending", now, row.attempts + 1
        return [QueuedEmail(**{f.name: getattr(row, f.name) for f in dataclasses.fields(QueuedEmail)}) for row in due]

    async def mark_sent(self, email_id: int, *, event: Envelope[Any], subject: str) -> bool:
        return await self._finish(email_id, "sent", None, event, subject)

    async def mark_retry(self, email_id: int, *, delay_s: float, error: str) -> None:
        row = self.emails.one(id=email_id)
        if row.status == "sending":
            row.status, row.last_error = "pending", error
            row.next_attempt_at = self.emails.clock.now() + timedelta(seconds=delay_s)

    async def mark_failed(self, email_id: int, *, error: str, event: Envelope[Any], subject: str) -> bool:
        return await self._finish(email_id, "failed", error, event, subject)

    async def backlog(self) -> Backlog:
        counts = {"pending": 0, "sending": 0, "failed": 0}
        for row in self.emails.rows:
            if row.status != "sent":
                counts[row.status] += 1
        pending = [r.created_at for r in self.emails.rows if r.status == "pending"]
        oldest = (self.emails.clock.now() - min(pending)).total_seconds() if pending else 0.0
        return Backlog(by_status=counts, oldest_pending_s=oldest, open_dead_letters=self.open_dead_letters)

    async def requeue(self, email_id: int) -> bool:
        found = self.emails.where(id=email_id, status="failed")
        for row in found:
            row.status, row.attempts, row.next_attempt_at = "pending", 0, self.emails.clock.now()
            row.operator_retries += 1
        return bool(found)

    async def _finish(self, email_id: int, status: str, error: str | None, event: Envelope[Any],
                      subject: str) -> bool:
        row = self.emails.one(id=email_id)
        if row.status != "sending":  # the guard of the real UPDATE ... WHERE status = 'sending'
            return False
        row.status, row.last_error = status, error
        await self.outbox.add(event, subject)
        return True


@dataclass
class FakeSender:
    """EmailSender that keeps what it was given; `fail(recipient, *errors)` makes the next sends to it raise."""

    sent: list[tuple[str, Message]] = field(default_factory=list)
    failures: dict[str, list[Exception]] = field(default_factory=dict)
    # Runs during a send, e.g. to let an operator touch the row while SMTP is busy.
    during_send: Callable[[], None] | None = None
    closed: bool = False

    def fail(self, recipient: str, *errors: Exception) -> None:
        self.failures.setdefault(recipient, []).extend(errors)

    async def send(self, message: Message, *, recipient: str) -> None:
        if self.during_send is not None:
            self.during_send()
        pending = self.failures.get(recipient)
        if pending:
            raise pending.pop(0)
        self.sent.append((recipient, message))

    async def close(self) -> None:
        self.closed = True

    @property
    def recipients(self) -> list[str]:
        return [recipient for recipient, _ in self.sent]
