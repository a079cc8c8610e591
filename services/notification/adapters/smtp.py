"""The SMTP port: send one message with aiosmtplib, classifying failures as transient or permanent."""
from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

from ..settings import NotificationSettings


class PermanentSendError(Exception):
    """The server refused for good (5xx, bad address); retrying will not help."""


class TransientSendError(Exception):
    """The server or network failed for now (down, 4xx, timeout)."""


@dataclass(frozen=True)
class SmtpSender:
    settings: NotificationSettings

    async def send(self, message: EmailMessage, *, recipient: str) -> None:
        s = self.settings
        try:
            # The envelope recipient is the validated address we decided on, never parsed from headers.
            await aiosmtplib.send(
                message, sender=s.mail_from, recipients=[recipient], hostname=s.smtp_host, port=s.smtp_port,
                username=s.smtp_username, password=s.smtp_password, start_tls=s.smtp_starttls or None,
                use_tls=s.smtp_tls, timeout=s.smtp_timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            if all(c >= 500 for c in codes):
                raise PermanentSendError(str(exc)) from exc
            raise TransientSendError(str(exc)) from exc
        except aiosmtplib.SMTPResponseException as exc:
            if exc.code >= 500:
                raise PermanentSendError(f"{exc.code} {exc.message}") from exc
            raise TransientSendError(f"{exc.code} {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise TransientSendError(f"{type(exc).__name__}: {exc}") from exc
