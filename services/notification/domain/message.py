"""Build the RFC 5322 message for a rendered email, with no user text in any header.

The subject is rebuilt from the fixed table plus the validated reference; addresses are validated single
addr-specs; the display name of From is our constant. That closes header injection by design, whatever the
Python version does with encoded words (reliability.md finding 9, CVE-2024-6923 / CVE-2026-1299).
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from datetime import UTC, datetime
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from email_validator import EmailNotValidError, validate_email

from .catalogue import check_template_and_language, subject_for
from .content import RenderedEmail

SENDER_DISPLAY_NAME = "DEFENCE.NRW Onboarding"

# Refused before the validator sees the address: separators and anything that could start a new header,
# a second address or a display name. email_validator would refuse most of these too; this makes it explicit.
_ADDRESS_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f,;<>\"()\\:\[\]\u2028\u2029\x85]")
_HOSTNAME = re.compile(r"(?=.{1,253}\Z)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*",
                       re.ASCII)
_LINE_BREAK = re.compile(r"[\r\n\x00\u2028\u2029\x85]")
# Quoted-printable keeps the German text readable in the raw message (mail catchers, support).
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP
_MESSAGE_ID = re.compile(r"<[A-Za-z0-9._-]{1,200}@[A-Za-z0-9.-]{1,253}>", re.ASCII)


def validate_address(address: object) -> str:
    """Return the ASCII form of a single plain address (`name@example.org`); ValueError for anything else."""
    if not isinstance(address, str) or not address or len(address) > 254 or _ADDRESS_FORBIDDEN.search(address):
        raise ValueError("email address must be a single plain address without display name or separators")
    return _ascii_address(address)


# A pure function of the string, asked three times per email (recipient, sender, idempotency key) and the sender
# is the same on every email: email_validator costs ~0.1 ms a call (5% of notification's CPU in `make bench`).
# Refusals raise and are not cached.
@functools.lru_cache(maxsize=4096)
def _ascii_address(address: str) -> str:
    try:
        # No DNS lookups here (domain code does no I/O); deliverability is the SMTP server's answer.
        result = validate_email(address, check_deliverability=False, allow_smtputf8=False,
                                allow_display_name=False, allow_quoted_local=False, allow_domain_literal=False)
    except EmailNotValidError as exc:
        raise ValueError(f"invalid email address: {exc}") from exc
    if result.ascii_email is None:  # not reached with allow_smtputf8=False; the library types it optional
        raise ValueError("invalid email address: not ASCII")
    return result.ascii_email


def build_message(
    *,
    rendered: RenderedEmail,
    sender: str,
    recipient: str,
    message_id: str,
    sent_at: datetime,
    reply_to: str | None = None,
) -> Message:
    """A multipart/alternative (text + HTML) message dated `sent_at` (the caller's clock); raises ValueError on
    any invalid header input."""
    subject = subject_for(rendered.template, rendered.language, rendered.reference)
    if rendered.subject != subject:
        raise ValueError("subject does not come from the fixed subject table")
    if not isinstance(message_id, str) or not _MESSAGE_ID.fullmatch(message_id):
        raise ValueError("message_id must look like <local@domain>")
    to_address = validate_address(recipient)
    from_address = validate_address(sender)
    reply_address = validate_address(reply_to) if reply_to is not None else None

    headers = [
        ("From", formataddr((SENDER_DISPLAY_NAME, from_address))),
        ("To", to_address),
        *([("Reply-To", reply_address)] if reply_address is not None else []),
        ("Subject", subject),
        ("Message-ID", message_id),
        ("Date", format_datetime(sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=UTC))),
        # RFC 3834: tells auto-responders (out-of-office etc.) not to answer, so we never get reply loops.
        ("Auto-Submitted", "auto-generated"),
    ]
    # Every value above is a constant, a validated address, an ID matching _MESSAGE_ID or a subject from the
    # fixed table; this check only makes the invariant explicit before the (non-validating) compat32 headers.
    if any(_LINE_BREAK.search(value) for _, value in headers):
        raise ValueError("header value with a line break")
    # compat32 MIME classes rather than EmailMessage(policy=SMTP): the modern policy re-parses every header
    # through the header registry, the largest part of the CPU an email costs (ADR 8). The output is the same
    # RFC 5322/2047/2045 message.
    msg = MIMEMultipart("alternative")
    for name, value in headers:
        # A Header object is how compat32 encodes a non-ASCII subject; typeshed's Message.__setitem__ wants str.
        msg[name] = Header(value, "utf-8") if name == "Subject" and not value.isascii() else value  # type: ignore[assignment]  # see above
    # MIMEText takes a Charset (here: quoted-printable bodies) at runtime; typeshed only lists str.
    msg.attach(MIMEText(rendered.text, "plain", _UTF8_QP))  # type: ignore[arg-type]  # Charset, see above
    msg.attach(MIMEText(rendered.html, "html", _UTF8_QP))  # type: ignore[arg-type]  # Charset, see above
    return msg


def deterministic_message_id(*, event_id: str, recipient_role: str, recipient: str, template: str,
                             domain: str) -> str:
    """`<{32 hex}.{template}@{domain}>`, identical for identical inputs, so a resend after a crash keeps its ID
    and receivers (and our own outbox) can deduplicate."""
    check_template_and_language(template, "de")
    if not isinstance(domain, str) or not _HOSTNAME.fullmatch(domain):
        raise ValueError("domain must be a lower-case ASCII host name")
    # JSON array, not string concatenation: ("a", "b|c") and ("a|b", "c") must not collide.
    key = json.dumps([event_id, recipient_role, validate_address(recipient).lower(), template])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}.{template}@{domain}>"
