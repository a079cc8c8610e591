"""Sends queued emails: record before (status 'sending'), send, record after (status 'sent' + event).

The one window SMTP leaves open: the server accepted (250) and we crash before the 'sent' commit. The row stays
'sending' and is claimed again after `sending_stale_after_s`, then resent with the SAME Message-ID. See README.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.notification import MessageFailedV1, MessageSentV1
from shared.failpoints import failpoint
from shared.logs import log_context
from shared.messaging import dead_letters
from shared.messaging.outbox import outbox_values
from shared.waiting import wait_for_wake

from .adapters import emails
from .adapters.smtp import PermanentSendError, SmtpSender, TransientSendError
from .domain.message import build_message
from .domain.rendering import render
from .settings import NotificationSettings

log = logging.getLogger(__name__)
PRODUCER = "notification"


def retry_delay_s(attempts: int, *, base_s: float = 5.0, max_s: float = 600.0) -> float:
    """Backoff for transient SMTP failures: base, 2*base, 4*base ... capped at max_s (default 5 s ... 10 min)."""
    return float(min(base_s * 2 ** min(max(attempts - 1, 0), 30), max_s))


class Dispatcher:
    def __init__(self, *, pool: asyncpg.Pool, sender: SmtpSender, settings: NotificationSettings,
                 metrics: dict[str, Any]) -> None:
        self._pool = pool
        self._sender = sender
        self._settings = settings
        self._metrics = metrics
        self._wake = asyncio.Event()
        self._listener: asyncpg.Connection | None = None
        self._gauges_due = 0.0

    async def run(self) -> None:
        while True:
            try:
                await self._ensure_listener()
                while await self.dispatch_once() == self._settings.dispatch_batch:
                    pass
                if time.monotonic() >= self._gauges_due:
                    # Counting the delivery log on every NOTIFY would cost more than the sending under load.
                    await self.refresh_gauges()
                    self._gauges_due = time.monotonic() + self._settings.gauge_refresh_s
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("dispatch pass failed", exc_info=True)
            await wait_for_wake(self._wake, self._settings.dispatch_poll_s)
            self._wake.clear()

    async def close(self) -> None:
        await self._sender.close()
        if self._listener is not None and not self._listener.is_closed():
            await self._listener.close()

    async def dispatch_once(self) -> int:
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await emails.claim_due(conn, limit=self._settings.dispatch_batch,
                                          stale_after_s=self._settings.sending_stale_after_s)
        await asyncio.gather(*(self._deliver(row) for row in rows))
        return len(rows)

    async def refresh_gauges(self) -> None:
        async with self._pool.acquire() as conn:
            counts, oldest_pending_s = await emails.status_counts(conn)
            open_dead_letters = await dead_letters.count_open(conn)
        for status, n in counts.items():
            self._metrics["emails_by_status"].labels(status).set(n)
        self._metrics["oldest_pending_age"].set(oldest_pending_s)
        self._metrics["dead_letters_open"].set(open_dead_letters)

    async def _deliver(self, row: asyncpg.Record) -> None:
        with log_context(correlation_id=row["correlation_id"]):
            try:
                rendered = render(row["template"], row["language"], row["context"])
                message = build_message(rendered=rendered, sender=self._settings.mail_from,
                                        recipient=row["recipient"], message_id=row["message_id"])
                failpoint("notification.before_smtp")
                await self._sender.send(message, recipient=row["recipient"])
                failpoint("notification.after_smtp_before_commit")
            except TransientSendError as exc:
                await self._retry_or_fail(row, str(exc))
                return
            except (PermanentSendError, ValueError) as exc:
                await self._fail(row, str(exc), permanent=True)
                return
            await self._record_sent(row)

    async def _record_sent(self, row: asyncpg.Record) -> None:
        event = MessageSentV1(message_id=row["message_id"], enquiry_id=row["enquiry_id"], template=row["template"],
                              language=row["language"], recipient_role=row["recipient_role"])
        envelope = new_envelope(event, subject=subjects.MESSAGE_SENT, producer=PRODUCER,
                                correlation_id=row["correlation_id"], causation_id=row["event_id"])
        async with self._pool.acquire() as conn:
            if not await emails.mark_sent(conn, row["id"], sent_event=outbox_values(envelope, subjects.MESSAGE_SENT)):
                log.warning("sent email was no longer 'sending'; not recorded twice")
                return
        self._metrics["emails_sent"].labels(row["template"], row["language"]).inc()
        log.info("email sent", extra={"fields": {"template": row["template"], "message_id": row["message_id"]}})

    async def _retry_or_fail(self, row: asyncpg.Record, error: str) -> None:
        if row["attempts"] >= self._settings.max_send_attempts:
            await self._fail(row, error, permanent=False)
            return
        async with self._pool.acquire() as conn:
            delay = retry_delay_s(row["attempts"], base_s=self._settings.send_retry_base_s,
                                  max_s=self._settings.send_retry_max_s)
            await emails.mark_retry(conn, row["id"], delay_s=delay, error=error[:1000])
        self._metrics["emails_retried"].labels(row["template"]).inc()
        log.warning("email send failed; will retry", extra={"fields": {"error": error[:300]}})

    async def _fail(self, row: asyncpg.Record, error: str, *, permanent: bool) -> None:
        event = MessageFailedV1(message_id=row["message_id"], enquiry_id=row["enquiry_id"], template=row["template"],
                                recipient_role=row["recipient_role"], permanent=permanent, error=error[:500])
        envelope = new_envelope(event, subject=subjects.MESSAGE_FAILED, producer=PRODUCER,
                                correlation_id=row["correlation_id"], causation_id=row["event_id"])
        async with self._pool.acquire() as conn:
            if not await emails.mark_failed(conn, row["id"], error=error[:1000],
                                            failed_event=outbox_values(envelope, subjects.MESSAGE_FAILED)):
                return
        self._metrics["emails_failed"].labels(row["template"], "permanent" if permanent else "exhausted").inc()
        log.error("email failed", extra={"fields": {"error": error[:300], "permanent": permanent}})

    async def _ensure_listener(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        self._listener = await asyncpg.connect(self._settings.database_url)
        await self._listener.add_listener("outbound_email", lambda *_: self._wake.set())
