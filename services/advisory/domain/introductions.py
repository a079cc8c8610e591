"""Introduction links: the partner's capability token (stored only as its hash) and the answers it allows."""
from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import Any

from .rules import Refused

OUTCOMES = ("meeting_held", "nda_signed", "project_started", "funding_applied", "order_placed", "no_fit")
ANSWERS = ("accepted", "declined")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def answer_url(public_base_url: str, introduction_id: uuid.UUID, token: str, answer: str) -> str:
    return f"{public_base_url.rstrip('/')}/introductions/{introduction_id}?token={token}&answer={answer}"


def check_token(introduction: dict[str, Any] | None, token: str) -> dict[str, Any]:
    """The introduction the link names, if the token matches (compared in constant time); 404 otherwise."""
    if introduction is None or not token or not hmac.compare_digest(introduction["token_hash"], token_hash(token)):
        raise Refused(404, "not_found", "This link is not valid.")
    return introduction


def check_answer(answer: str, reason: str) -> None:
    if answer not in ANSWERS:
        raise Refused(422, "bad_answer", "Answer accept or decline.")
    if answer == "declined" and not reason.strip():
        raise Refused(422, "reason_required", "Please give a short reason for declining.")


def check_outcome(outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise Refused(422, "bad_outcome", f"Outcome must be one of {', '.join(OUTCOMES)}.")
