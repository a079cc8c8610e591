"""References and private status tokens."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from datetime import date

# Crockford-style alphabet without I, L, O, U: easy to read out on the phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(today: date) -> str:
    """A human-friendly reference like DN-2026-7K3F9Q; also the enquiry's correlation id."""
    return f"DN-{today.year}-" + "".join(secrets.choice(ALPHABET) for _ in range(6))


def status_token(secret: str, enquiry_id: uuid.UUID) -> str:
    """The unguessable token in the private status link; derived, so it is never stored."""
    digest = hmac.new(secret.encode(), enquiry_id.bytes, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def token_matches(secret: str, enquiry_id: uuid.UUID, token: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII text, and a token comes from anyone's URL.
    return hmac.compare_digest(status_token(secret, enquiry_id).encode(), token.encode("utf-8", "replace"))
