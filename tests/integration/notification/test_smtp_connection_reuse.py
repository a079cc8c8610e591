"""The SMTP sender keeps connections open across emails, against a real SMTP server (aiosmtpd): one connection
for many emails, a server restart in between costs no email and sends none twice, a refusal closes only its
connection."""
from __future__ import annotations

from email.message import EmailMessage

import pytest

from services.notification.adapters.smtp import PermanentSendError, SmtpSender

from .rig import Mailbox, settings_for, smtp_server


def _message(n: int, to: str = "k.wallmeier@klingenberg.example") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "onboarding@defence-nrw.example"
    msg["To"] = to
    msg["Subject"] = f"Nachricht {n}"
    msg["Message-ID"] = f"<reuse-{n}@onboarding.defence-nrw.example>"
    msg.set_content(f"Inhalt {n}")
    return msg


def _sender(smtp_port: int, **overrides: object) -> SmtpSender:
    return SmtpSender(settings_for(dsn="postgresql://unused/unused", nats_url="nats://127.0.0.1:1",
                                   smtp_port=smtp_port, **overrides))


async def test_many_emails_travel_over_one_kept_connection(smtp_port: int, mailbox: Mailbox) -> None:
    sender = _sender(smtp_port)
    try:
        for n in range(6):
            await sender.send(_message(n), recipient="k.wallmeier@klingenberg.example")
    finally:
        await sender.close()
    assert [r.message["Subject"] for r in mailbox.received] == [f"Nachricht {n}" for n in range(6)]
    assert len({r.peer for r in mailbox.received}) == 1


async def test_server_restart_between_emails_loses_none_and_repeats_none(smtp_port: int) -> None:
    sender = _sender(smtp_port)
    try:
        with smtp_server(smtp_port) as first:
            await sender.send(_message(1), recipient="k.wallmeier@klingenberg.example")
        # The kept connection is dead now; the next send notices and uses a fresh one.
        with smtp_server(smtp_port) as second:
            await sender.send(_message(2), recipient="k.wallmeier@klingenberg.example")
            await sender.send(_message(3), recipient="k.wallmeier@klingenberg.example")
    finally:
        await sender.close()
    assert [r.message["Subject"] for r in first.received] == ["Nachricht 1"]
    assert [r.message["Subject"] for r in second.received] == ["Nachricht 2", "Nachricht 3"]


async def test_refused_recipient_is_permanent_and_the_next_email_still_goes(smtp_port: int,
                                                                           mailbox: Mailbox) -> None:
    import re

    mailbox.reject = re.compile("refuse-me")
    sender = _sender(smtp_port)
    try:
        with pytest.raises(PermanentSendError):
            await sender.send(_message(1, to="refuse-me@example.org"), recipient="refuse-me@example.org")
        await sender.send(_message(2), recipient="k.wallmeier@klingenberg.example")
    finally:
        await sender.close()
    assert [r.message["Subject"] for r in mailbox.received] == ["Nachricht 2"]
    assert mailbox.rcpt_attempts.count("refuse-me@example.org") == 1
