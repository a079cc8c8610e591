"""The example enquiry with a unique company per request: company de-duplication would otherwise merge them.

`UNIQUE` is the placeholder the wrk Lua script replaces with a per-request token of up to 12 characters
[A-Z0-9]; Python fills it the same way for the fixed-rate generator. The token starts with the phase tag,
so each phase's enquiries can be found in the databases afterwards (company name LIKE 'BENCH-<tag>%').
"""
from __future__ import annotations

import copy
import json
import secrets
import string
from pathlib import Path
from typing import Any

from .config import ROOT

UNIQUE = "__U__"
NAME_PREFIX = "BENCH-"
EXAMPLE = ROOT / "examples" / "enquiry.json"


def new_tag() -> str:
    """Four characters that mark one phase's enquiries."""
    return "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(4))


def template() -> dict[str, Any]:
    body = copy.deepcopy(json.loads(EXAMPLE.read_text()))
    company, contact = body["company"], body["contact"]
    company["name"] = f"{NAME_PREFIX}{UNIQUE} Leichtbau GmbH"
    company["register_number"] = f"HRB {UNIQUE} Amtsgericht Wuppertal"
    company["vat_id"] = f"DE{UNIQUE}"
    company["website"] = f"https://www.{UNIQUE.lower()}.bench.example"
    contact["email"] = f"contact-{UNIQUE.lower()}@bench.example"
    return body


def template_text() -> str:
    return json.dumps(template(), ensure_ascii=False, separators=(",", ":"))


def body_for(token: str) -> bytes:
    """The request body for one unique token (uppercase letters and digits, at most 12)."""
    text = template_text()
    return text.replace(UNIQUE, token).replace(UNIQUE.lower(), token.lower()).encode()


def write_template(path: Path) -> Path:
    path.write_text(template_text(), encoding="utf-8")
    return path


def name_pattern(tag: str) -> str:
    """SQL LIKE pattern for the company names of one phase."""
    return f"{NAME_PREFIX}{tag}%"
