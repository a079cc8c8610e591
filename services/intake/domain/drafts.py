"""Drafts of the guided form: tokens, expiry, and how a step's answers and repeatable rows change. Pure."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta

DRAFT_DAYS = 30
ROW_COUNT_KEY = "_rows."  # answers["_rows.offerings"] = ["2"]: how many rows the step shows

Answers = dict[str, list[str]]


def new_token() -> str:
    """The secret in the company's cookie and resume link (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def csrf_token(secret: str, token: str) -> str:
    """The form field bound to the draft cookie: a page of another site cannot know it."""
    return hmac.new(secret.encode(), b"draft-csrf:" + token.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def csrf_matches(secret: str, token: str, sent: str) -> bool:
    return hmac.compare_digest(csrf_token(secret, token).encode(), sent.encode("utf-8", "replace"))


def expires_at(now: datetime) -> datetime:
    return now + timedelta(days=DRAFT_DAYS)


def merge_step(answers: Mapping[str, Sequence[str]], posted: Mapping[str, Sequence[str]],
               owns: Callable[[str], bool]) -> Answers:
    """The draft's answers with this step's replaced by what was posted (an unticked box is posted as nothing, so
    every answer the step owns is dropped first). Empty values are not kept."""
    kept = {k: list(v) for k, v in answers.items() if not owns(k)}
    for name, values in posted.items():
        if owns(name) and (clean := [v for v in values if v.strip()]):
            kept[name] = clean
    return kept


def row_count(answers: Mapping[str, Sequence[str]], prefix: str, *, default: int) -> int:
    """Rows shown for a repeatable group: the number kept, at least enough for every filled row."""
    stored = (answers.get(ROW_COUNT_KEY + prefix) or [""])[0]
    count = int(stored) if stored.isdigit() else default
    used = _used_rows(answers, prefix)
    return max(count, max(used, default=-1) + 1)


def _used_rows(answers: Mapping[str, Sequence[str]], prefix: str) -> list[int]:
    pattern = re.compile(rf"^{re.escape(prefix)}\.(\d+)\.")
    return [int(m.group(1)) for k in answers if (m := pattern.match(k))]


def add_row(answers: Answers, prefix: str, *, default: int, max_rows: int) -> Answers:
    count = min(row_count(answers, prefix, default=default) + 1, max_rows)
    return answers | {ROW_COUNT_KEY + prefix: [str(count)]}


def remove_row(answers: Answers, prefix: str, index: int, *, default: int) -> Answers:
    """Drop row `index` of a group and move the rows after it up, so numbers stay without gaps."""
    count = row_count(answers, prefix, default=default)
    pattern = re.compile(rf"^{re.escape(prefix)}\.(\d+)\.(.+)$")
    out: Answers = {}
    for key, values in answers.items():
        m = pattern.match(key)
        if not m:
            out[key] = values
        elif (i := int(m.group(1))) != index:
            out[f"{prefix}.{i - 1 if i > index else i}.{m.group(2)}"] = values
    out[ROW_COUNT_KEY + prefix] = [str(max(count - 1, 0))]
    return out


def without_meta(answers: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The answers as the form posts them (for validation), without our bookkeeping keys."""
    return {k: list(v) for k, v in answers.items() if not k.startswith(ROW_COUNT_KEY)}
