"""The SMTP port: send one message with aiosmtplib, classifying failures as transient or permanent."""
from __future__ import annotations

import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import aiosmtplib

from ..settings import NotificationSettings


class PermanentSendError(Exception):
    """The server refused this message for good (5xx to RCPT/DATA); retrying will not help."""


class TransientSendError(Exception):
    """The server or network failed for now (down, 4xx, timeout, TLS or login trouble)."""


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


@dataclass(frozen=True)
class SmtpSender:
    settings: NotificationSettings

    async def send(self, message: EmailMessage, *, recipient: str) -> None:
        try:
            # The envelope recipient is the validated address we decided on, never parsed from headers.
            await aiosmtplib.send(message, sender=self.settings.mail_from, recipients=[recipient],
                                  **connection_options(self.settings))
        except (aiosmtplib.SMTPException, OSError, TimeoutError, ssl.SSLError) as exc:
            raise classify(exc) from exc
