"""Send queued emails: record before (status 'sending'), send, record after (status 'sent' + event).

The one window SMTP leaves open: the server accepted (250) and we crash before the 'sent' commit. The row stays
'sending' and is claimed again after `sending_stale_after_s`, then resent with the SAME Message-ID. See README.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.notification import MessageFailedV1, MessageSentV1
from shared.failpoints import failpoint
from shared.logs import log_context

from ..domain.delivery import DeliveryPolicy, QueuedEmail
from ..domain.message import build_message
from ..metrics import NotificationMetrics
from .ports import EmailSender, OutboundEmails, PermanentSendError, Renderer, TransientSendError

log = logging.getLogger(__name__)
PRODUCER = "notification"


async def dispatch_due_emails(emails: OutboundEmails, *, sender: EmailSender, render: Renderer,
                              policy: DeliveryPolicy, metrics: NotificationMetrics, clock: Clock) -> int:
    """Claim the due emails, send them at once and record each outcome; returns how many were claimed."""
    due = await emails.claim_due(limit=policy.batch, stale_after_s=policy.sending_stale_after_s)
    delivery = _Delivery(emails=emails, sender=sender, render=render, policy=policy, metrics=metrics, clock=clock)
    await asyncio.gather(*(delivery.deliver(email) for email in due))
    return len(due)


@dataclass(frozen=True)
class _Delivery:
    emails: OutboundEmails
    sender: EmailSender
    render: Renderer
    policy: DeliveryPolicy
    metrics: NotificationMetrics
    clock: Clock

    async def deliver(self, email: QueuedEmail) -> None:
        with log_context(correlation_id=email.correlation_id):
            try:
                rendered = self.render(email.template, email.language, email.context)
                message = build_message(rendered=rendered, sender=self.policy.mail_from, recipient=email.recipient,
                                        message_id=email.message_id, sent_at=self.clock.now())
                failpoint("notification.before_smtp")
                await self.sender.send(message, recipient=email.recipient)
                failpoint("notification.after_smtp_before_commit")
            except TransientSendError as exc:
                await self._retry_or_fail(email, str(exc))
                return
            except (PermanentSendError, ValueError) as exc:
                await self._fail(email, str(exc), permanent=True)
                return
            await self._record_sent(email)

    async def _record_sent(self, email: QueuedEmail) -> None:
        event = MessageSentV1(message_id=email.message_id, enquiry_id=email.enquiry_id, template=email.template,
                              language=email.language, recipient_role=email.recipient_role)
        envelope = new_envelope(event, subject=subjects.MESSAGE_SENT, producer=PRODUCER,
                                correlation_id=email.correlation_id, causation_id=email.event_id,
                                occurred_at=self.clock.now())
        if not await self.emails.mark_sent(email.id, event=envelope, subject=subjects.MESSAGE_SENT):
            log.warning("sent email was no longer 'sending'; not recorded twice")
            return
        self.metrics.emails_sent.labels(email.template, email.language).inc()
        log.info("email sent", extra={"fields": {"template": email.template, "message_id": email.message_id}})

    async def _retry_or_fail(self, email: QueuedEmail, error: str) -> None:
        if self.policy.gives_up(email.attempts):
            await self._fail(email, error, permanent=False)
            return
        await self.emails.mark_retry(email.id, delay_s=self.policy.retry_delay_s(email.attempts), error=error[:1000])
        self.metrics.emails_retried.labels(email.template).inc()
        log.warning("email send failed; will retry", extra={"fields": {"error": error[:300]}})

    async def _fail(self, email: QueuedEmail, error: str, *, permanent: bool) -> None:
        event = MessageFailedV1(message_id=email.message_id, enquiry_id=email.enquiry_id, template=email.template,
                                recipient_role=email.recipient_role, permanent=permanent, error=error[:500])
        envelope = new_envelope(event, subject=subjects.MESSAGE_FAILED, producer=PRODUCER,
                                correlation_id=email.correlation_id, causation_id=email.event_id,
                                occurred_at=self.clock.now())
        if not await self.emails.mark_failed(email.id, error=error[:1000], event=envelope,
                                             subject=subjects.MESSAGE_FAILED):
            return
        self.metrics.emails_failed.labels(email.template, "permanent" if permanent else "exhausted").inc()
        log.error("email failed", extra={"fields": {"error": error[:300], "permanent": permanent}})
