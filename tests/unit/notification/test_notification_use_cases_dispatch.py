"""The dispatcher's decisions with a FakeSender and a FrozenClock: record before, send, record after; retries with
backoff, giving up, permanent refusals, the resend after a crash; the backlog gauges; an operator's retry.
tests/integration/notification runs the same paths against PostgreSQL and a real SMTP server."""
from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pytest

from services.notification.domain.delivery import DeliveryPolicy
from services.notification.metrics import NotificationMetrics, notification_metrics
from services.notification.presentation.rendering import render
from services.notification.use_cases.acknowledge import when_enquiry_submitted_acknowledge
from services.notification.use_cases.dispatch import dispatch_due_emails
from services.notification.use_cases.ports import PermanentSendError, TransientSendError
from services.notification.use_cases.report_backlog import report_backlog
from services.notification.use_cases.retry_failed_email import retry_failed_email
from shared.contracts import subjects
from shared.metrics import plumbing_metrics
from tests.integration.notification import events

from .fakes import EmailTable, FakeNotificationStore, FakeOutboundEmails, FakeSender

pytestmark = pytest.mark.unit

POLICY = DeliveryPolicy(mail_from="onboarding@defence-nrw.example", batch=20, sending_stale_after_s=120,
                        max_send_attempts=3, retry_base_s=5, retry_max_s=600)
COMPANY = "k.wallmeier@klingenberg.example"


class Rig:
    """One delivery log shared by the consumer side (queues) and the dispatcher side (claims and marks)."""

    def __init__(self) -> None:
        self.table = EmailTable()
        self.clock = self.table.clock
        self.store = FakeNotificationStore(emails=self.table)
        self.log = FakeOutboundEmails(emails=self.table)
        self.sender = FakeSender()
        plumbing = plumbing_metrics("notification")
        self.registry = plumbing.registry
        self.metrics: NotificationMetrics = notification_metrics(plumbing, service="notification")

    async def submit(self, email: str = COMPANY) -> Any:
        envelope = events.submitted(email=email)
        await when_enquiry_submitted_acknowledge(envelope, self.store, contact_address="kontakt@defence-nrw.example",
                                                 message_id_domain="onboarding.defence-nrw.example")
        return envelope

    async def dispatch(self) -> int:
        return await dispatch_due_emails(self.log, sender=self.sender, render=render, policy=POLICY,
                                         metrics=self.metrics, clock=self.clock)

    def metric(self, name: str, **labels: str) -> float | None:
        return self.registry.get_sample_value(name, labels)


async def test_a_queued_email_is_sent_and_recorded_with_its_event() -> None:
    rig = Rig()
    sub = await rig.submit()
    assert await rig.dispatch() == 1
    [(recipient, message)] = rig.sender.sent
    row = rig.table.one(template="acknowledgement")
    assert recipient == COMPANY and message["To"] == COMPANY and message["Message-ID"] == row.message_id
    assert parsedate_to_datetime(message["Date"]) == rig.clock.now()
    assert (row.status, row.attempts) == ("sent", 1)
    sent = rig.log.outbox.only(subjects.MESSAGE_SENT)
    assert (sent.payload.message_id, sent.payload.template, sent.payload.language, sent.payload.recipient_role) == (
        row.message_id, "acknowledgement", "de", "company")
    assert sent.envelope.causation_id == sub.event_id and sent.envelope.occurred_at == rig.clock.now()
    assert sent.envelope.correlation_id == sub.payload.reference
    assert rig.metric("notification_emails_sent_total", template="acknowledgement", language="de") == 1
    assert await rig.dispatch() == 0  # nothing due any more


async def test_a_transient_failure_is_retried_after_the_backoff() -> None:
    rig = Rig()
    await rig.submit()
    rig.sender.fail(COMPANY, TransientSendError("421 try again later"))
    await rig.dispatch()
    row = rig.table.one(template="acknowledgement")
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "421 try again later")
    assert row.next_attempt_at == rig.clock.now() + timedelta(seconds=5)
    assert rig.metric("notification_emails_retried_total", template="acknowledgement") == 1
    assert await rig.dispatch() == 0  # not due yet
    rig.clock.advance(timedelta(seconds=5))
    assert await rig.dispatch() == 1
    assert (row.status, row.attempts, rig.sender.recipients) == ("sent", 2, [COMPANY])
    assert rig.log.outbox.subjects == [subjects.MESSAGE_SENT]


async def test_transient_failures_give_up_after_the_last_attempt() -> None:
    rig = Rig()
    await rig.submit()
    rig.sender.fail(COMPANY, *(TransientSendError("connection refused") for _ in range(POLICY.max_send_attempts)))
    for _ in range(POLICY.max_send_attempts):
        await rig.dispatch()
        rig.clock.advance(timedelta(seconds=POLICY.retry_max_s))
    row = rig.table.one(template="acknowledgement")
    assert (row.status, row.attempts) == ("failed", POLICY.max_send_attempts)
    failed = rig.log.outbox.only(subjects.MESSAGE_FAILED)
    assert (failed.payload.permanent, failed.payload.error, failed.payload.recipient_role) == (
        False, "connection refused", "company")
    assert rig.metric("notification_emails_failed_total", template="acknowledgement", reason="exhausted") == 1
    assert rig.metric("notification_emails_retried_total", template="acknowledgement") == POLICY.max_send_attempts - 1
    assert rig.sender.sent == [] and await rig.dispatch() == 0


async def test_a_permanent_refusal_fails_at_once() -> None:
    rig = Rig()
    await rig.submit()
    rig.sender.fail(COMPANY, PermanentSendError("550 mailbox unavailable"))
    await rig.dispatch()
    row = rig.table.one(template="acknowledgement")
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "550 mailbox unavailable")
    failed = rig.log.outbox.only(subjects.MESSAGE_FAILED)
    assert failed.payload.permanent is True and failed.payload.message_id == row.message_id
    assert rig.metric("notification_emails_failed_total", template="acknowledgement", reason="permanent") == 1


async def test_an_email_that_cannot_be_rendered_fails_permanently_and_is_not_sent() -> None:
    rig = Rig()
    await rig.submit()
    rig.table.one(template="acknowledgement").context["reference"] = "not a reference"
    await rig.dispatch()
    assert rig.sender.sent == [] and rig.table.one(template="acknowledgement").status == "failed"
    assert rig.log.outbox.only(subjects.MESSAGE_FAILED).payload.permanent is True


async def test_a_row_changed_meanwhile_is_not_recorded_twice() -> None:
    rig = Rig()
    await rig.submit()

    def operator_fails_it() -> None:
        rig.table.one(template="acknowledgement").status = "failed"
    rig.sender.during_send = operator_fails_it
    await rig.dispatch()
    assert rig.sender.recipients == [COMPANY]
    assert rig.log.outbox.subjects == []
    assert rig.metric("notification_emails_sent_total", template="acknowledgement", language="de") is None


async def test_an_email_left_sending_by_a_crash_is_resent_with_the_same_message_id() -> None:
    rig = Rig()
    await rig.submit()
    [in_doubt] = await rig.log.claim_due(limit=1, stale_after_s=POLICY.sending_stale_after_s)  # then the crash
    rig.clock.advance(timedelta(seconds=POLICY.sending_stale_after_s - 1))
    assert await rig.dispatch() == 0
    rig.clock.advance(timedelta(seconds=2))
    assert await rig.dispatch() == 1
    [(_, message)] = rig.sender.sent
    assert message["Message-ID"] == in_doubt.message_id
    assert rig.table.one(template="acknowledgement").attempts == 2


async def test_one_pass_claims_at_most_a_batch() -> None:
    rig = Rig()
    for n in range(POLICY.batch + 3):
        await rig.submit(email=f"firma{n}@example.org")
    assert await rig.dispatch() == POLICY.batch
    assert await rig.dispatch() == 3
    assert len(rig.sender.sent) == POLICY.batch + 3 == len(rig.log.outbox.subjects)


async def test_the_backlog_gauges_show_what_is_not_sent_yet() -> None:
    rig = Rig()
    await rig.submit()
    rig.clock.advance(timedelta(seconds=30))
    await rig.submit(email="second@example.org")
    rig.sender.fail("second@example.org", PermanentSendError("550 no"))
    rig.table.one(recipient=COMPANY).next_attempt_at += timedelta(hours=1)  # held back: stays pending
    await rig.dispatch()
    rig.log.open_dead_letters = 2
    await report_backlog(rig.log, metrics=rig.metrics)
    assert {s: rig.metric("notification_emails", status=s) for s in ("pending", "sending", "failed")} == {
        "pending": 1, "sending": 0, "failed": 1}
    assert rig.metric("notification_oldest_pending_email_age_seconds") == 30
    assert rig.metric("dead_letters_open", service="notification") == 2


async def test_an_operator_queues_a_failed_email_again() -> None:
    rig = Rig()
    await rig.submit()
    rig.sender.fail(COMPANY, PermanentSendError("550 mailbox unavailable"))
    await rig.dispatch()
    row = rig.table.one(template="acknowledgement")
    assert await retry_failed_email(rig.log, row.id) is True
    assert (row.status, row.attempts, row.operator_retries) == ("pending", 0, 1)
    assert await retry_failed_email(rig.log, row.id) is False  # no longer failed
    await rig.dispatch()
    assert row.status == "sent" and rig.sender.recipients == [COMPANY]
