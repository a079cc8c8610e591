"""Build the RFC 5322 message for a rendered email, with no user text in any header.

The subject is rebuilt from the fixed table plus the validated reference; addresses are validated single
addr-specs; the display name of From is our constant. That closes header injection by design, whatever the
Python version does with encoded words (reliability.md finding 9, CVE-2024-6923 / CVE-2026-1299).
"""
from __future__ import annotations

import email.policy
import hashlib
import json
import re
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from email_validator import EmailNotValidError, validate_email

from .catalogue import check_template_and_language, subject_for
from .rendering import RenderedEmail

SENDER_DISPLAY_NAME = "DEFENCE.NRW Onboarding"

# Refused before the validator sees the address: separators and anything that could start a new header,
# a second address or a display name. email_validator would refuse most of these too; this makes it explicit.
_ADDRESS_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f,;<>\"()\\:\[\]\u2028\u2029\x85]")
_HOSTNAME = re.compile(r"(?=.{1,253}\Z)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*",
                       re.ASCII)
_MESSAGE_ID = re.compile(r"<[A-Za-z0-9._-]{1,200}@[A-Za-z0-9.-]{1,253}>", re.ASCII)


def validate_address(address: object) -> str:
    """Return the ASCII form of a single plain address (`name@example.org`); ValueError for anything else."""
    if not isinstance(address, str) or not address or len(address) > 254 or _ADDRESS_FORBIDDEN.search(address):
        raise ValueError("email address must be a single plain address without display name or separators")
    try:
        # No DNS lookups here (domain code does no I/O); deliverability is the SMTP server's answer.
        result = validate_email(address, check_deliverability=False, allow_smtputf8=False,
                                allow_display_name=False, allow_quoted_local=False, allow_domain_literal=False)
    except EmailNotValidError as exc:
        raise ValueError(f"invalid email address: {exc}") from exc
    return result.ascii_email


def build_message(
    *,
    rendered: RenderedEmail,
    sender: str,
    recipient: str,
    message_id: str,
    reply_to: str | None = None,
    sent_at: datetime | None = None,
) -> EmailMessage:
    """A multipart/alternative (text + HTML) message; raises ValueError on any invalid header input."""
    subject = subject_for(rendered.template, rendered.language, rendered.reference)
    if rendered.subject != subject:
        raise ValueError("subject does not come from the fixed subject table")
    if not isinstance(message_id, str) or not _MESSAGE_ID.fullmatch(message_id):
        raise ValueError("message_id must look like <local@domain>")
    to_address = validate_address(recipient)
    from_address = validate_address(sender)
    reply_address = validate_address(reply_to) if reply_to is not None else None
    sent_at = sent_at or datetime.now(timezone.utc)

    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = Address(display_name=SENDER_DISPLAY_NAME, addr_spec=from_address)
    msg["To"] = Address(addr_spec=to_address)
    if reply_address is not None:
        msg["Reply-To"] = Address(addr_spec=reply_address)
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg["Date"] = format_datetime(sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=timezone.utc))
    # RFC 3834: tells auto-responders (out-of-office etc.) not to answer, so we never get reply loops.
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
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
