"""The EmailSender port over SMTP: send one message with aiosmtplib, classifying failures as transient or
permanent."""
from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from email.message import Message
from typing import Any

import aiosmtplib

from ..settings import NotificationSettings
from ..use_cases.ports import PermanentSendError, TransientSendError

__all__ = ["PermanentSendError", "SmtpSender", "TransientSendError", "classify", "connection_options"]


def connection_options(settings: NotificationSettings) -> dict[str, Any]:
    """aiosmtplib keyword arguments for the configured security mode.

    `start_tls` is always passed as a bool: aiosmtplib's default (None) means "upgrade if the server offers it",
    which would make the plain mode silently depend on the server. Implicit TLS never does STARTTLS on top.
    """
    s = settings
    options: dict[str, Any] = {
        "hostname": s.smtp_host, "port": s.smtp_port, "timeout": s.smtp_timeout_s,
        "use_tls": s.smtp_tls, "start_tls": bool(s.smtp_starttls and not s.smtp_tls),
        "validate_certs": s.smtp_validate_certs,
    }
    if s.smtp_ca_file is not None and (s.smtp_tls or s.smtp_starttls):
        options["tls_context"] = ssl.create_default_context(cafile=str(s.smtp_ca_file))
    if s.smtp_username is not None and s.smtp_password is not None:
        options["username"] = s.smtp_username
        options["password"] = s.smtp_password.get_secret_value()
    return options


def classify(exc: BaseException) -> Exception:
    """The send error an aiosmtplib/network exception stands for.

    Only a 5xx about this message (recipient refused, data refused) is permanent. A failed login, a refused sender
    or a TLS failure is a configuration problem of ours: retrying with backoff lets the mail go out once an
    operator fixes it (and max_send_attempts still bounds the retries).
    """
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients]
        return (PermanentSendError if codes and all(c >= 500 for c in codes) else TransientSendError)(str(exc))
    if isinstance(exc, (aiosmtplib.SMTPAuthenticationError, aiosmtplib.SMTPSenderRefused)):
        # Wrong credentials or a From the relay does not accept: ours to fix, every email would fail alike.
        return TransientSendError(f"{type(exc).__name__}: {exc.code} {exc.message}")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        kind = PermanentSendError if exc.code >= 500 else TransientSendError
        return kind(f"{exc.code} {exc.message}")
    return TransientSendError(f"{type(exc).__name__}: {exc}")


# What a connect or send can raise that `classify` turns into a transient or permanent send error.
_SEND_ERRORS = (aiosmtplib.SMTPException, OSError, TimeoutError, ssl.SSLError)


class SmtpSender:
    """Sends over a few kept-open SMTP connections instead of connect/EHLO/QUIT per email.

    Per email that saves a TCP connect and four round trips (EHLO, QUIT, ...) on both ends. A connection that
    failed in any way is closed and never reused (its protocol state is unknown). A kept connection the server
    closed meanwhile (idle timeout) shows up as a disconnect; that send is repeated once on a fresh connection
    with the same Message-ID (had the server in fact taken it, this is the documented window, README).
    Connections idle longer than `smtp_idle_s` are replaced rather than trusted.
    """

    def __init__(self, settings: NotificationSettings) -> None:
        self.settings = settings
        self._slots = asyncio.Semaphore(max(settings.smtp_connections, 1))
        self._idle: list[tuple[aiosmtplib.SMTP, float]] = []

    async def send(self, message: Message, *, recipient: str) -> None:
        async with self._slots:
            client, reused = await self._checkout()
            while True:
                try:
                    await self._send_on(client, message, recipient)
                except aiosmtplib.SMTPServerDisconnected as exc:
                    await _close(client)
                    if not reused:
                        raise classify(exc) from exc
                    client, reused = await self._checkout(fresh=True)  # once: a fresh one is not reused
                    continue
                except BaseException:
                    await _close(client)
                    raise
                self._idle.append((client, time.monotonic()))
                return

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for client, _ in idle:
            await _close(client, quit_first=True)

    async def _checkout(self, *, fresh: bool = False) -> tuple[aiosmtplib.SMTP, bool]:
        while self._idle and not fresh:
            client, since = self._idle.pop()
            if client.is_connected and time.monotonic() - since < self.settings.smtp_idle_s:
                return client, True
            await _close(client, quit_first=client.is_connected)
        client = aiosmtplib.SMTP(**connection_options(self.settings))
        try:
            await client.connect()
        except _SEND_ERRORS as exc:
            await _close(client)
            raise classify(exc) from exc
        return client, False

    async def _send_on(self, client: aiosmtplib.SMTP, message: Message, recipient: str) -> None:
        try:
            # The envelope recipient is the validated address we decided on, never parsed from headers.
            await client.send_message(message, sender=self.settings.mail_from, recipients=[recipient])
        except aiosmtplib.SMTPServerDisconnected:
            raise
        except _SEND_ERRORS as exc:
            raise classify(exc) from exc


async def _close(client: aiosmtplib.SMTP, *, quit_first: bool = False) -> None:
    if quit_first:
        with contextlib.suppress(Exception):
            await client.quit()
    if client.is_connected:
        client.close()
