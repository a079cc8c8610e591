"""What may go into an email, each rule in one place; the templates themselves are in presentation/.

- user text is cleaned once, in `clean_context` (no control characters but "\\n", no bidi overrides);
- every link goes through `checked_link` (http/https only, optionally an allowlisted host);
- `check_context` refuses missing and unknown keys, so a caller cannot hand over data a template would drop.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from .catalogue import (
    ASSIGNERS,
    COMPANY_SUMMARY_FIELDS,
    PARTNER_FIELDS,
    REASSESSMENT_SETTERS,
    SLA_LEVELS,
    TEMPLATE_KEYS,
)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    # Kept so build_message can rebuild the subject from the fixed table instead of trusting `subject`.
    template: str
    language: str
    reference: str


# C0 controls except "\n", DEL, C1 controls, and the bidi embeddings/overrides/isolates that can make text
# read differently from what it is (e.g. U+202E turning "exe.pdf" around).
_UNSAFE_CHARS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")


def clean_text(value: str) -> str:
    """Normalise line breaks to "\\n", turn tabs into spaces, drop other invisible control characters."""
    value = value.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    value = _LINE_BREAKS.sub("\n", value).replace("\t", " ")
    return unicodedata.normalize("NFC", _UNSAFE_CHARS.sub("", value))


_SCALARS = (bool, int, float, Decimal, date, datetime)


def clean_context(value: Any) -> Any:
    """Deep copy of a context with every string cleaned; refuses objects whose str() we do not control."""
    if isinstance(value, str):
        return clean_text(str(value))  # str(): StrEnum members become plain strings
    if value is None or isinstance(value, _SCALARS):
        return value
    if isinstance(value, Mapping):
        return {clean_text(str(k)): clean_context(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_context(v) for v in value]
    raise ValueError(f"unsupported value of type {type(value).__name__} in email context")


_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\`{}|^]")


def checked_link(url: object, allowed_hosts: Collection[str] | None = None) -> str:
    """Return `url` if it is an absolute http(s) URL we could have generated; raise ValueError otherwise."""
    if not isinstance(url, str) or not url.isascii() or _URL_FORBIDDEN.search(url) or not url.isprintable():
        raise ValueError("link must be a printable ASCII URL without spaces or quotes")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"link scheme must be http or https, got {parts.scheme!r}")
    if parts.username is not None or parts.password is not None:
        raise ValueError("link must not carry credentials")
    if allowed_hosts is not None and parts.hostname not in allowed_hosts:
        raise ValueError(f"link host {parts.hostname!r} is not allowlisted")
    return url


def check_context(template: str, context: Mapping[str, Any]) -> None:
    """ValueError unless `context` holds exactly the keys `template` needs, in the shapes it can show."""
    required = TEMPLATE_KEYS[template]
    missing, unknown = required - context.keys(), context.keys() - required
    if missing or unknown:
        raise ValueError(f"template {template!r}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    company = context.get("company")
    if company is not None and (not isinstance(company, Mapping) or "name" not in company
                                or not company.keys() <= COMPANY_SUMMARY_FIELDS):
        raise ValueError(f"company summary needs 'name' and may only hold {sorted(COMPANY_SUMMARY_FIELDS)}")
    for partner in context.get("partners", ()):
        if not isinstance(partner, Mapping) or not {"name", "focus"} <= partner.keys() <= PARTNER_FIELDS:
            raise ValueError(f"each partner needs 'name' and 'focus' and may only hold {sorted(PARTNER_FIELDS)}")
    if "level" in context and context["level"] not in SLA_LEVELS:
        raise ValueError(f"level must be one of {sorted(SLA_LEVELS)}")
    if "set_by" in context and context["set_by"] not in REASSESSMENT_SETTERS:
        raise ValueError(f"set_by must be one of {sorted(REASSESSMENT_SETTERS)}")
    if "assigned_by" in context and context["assigned_by"] not in ASSIGNERS:
        raise ValueError(f"assigned_by must be one of {sorted(ASSIGNERS)}")
