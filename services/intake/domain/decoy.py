"""Decoy enquiries for the honeypot: an answer a bot cannot tell from a real one, with nothing stored.

A decoy's id carries its own proof (the first 8 bytes: randomness and the masked minute of submission; the last
8: an HMAC of them under the status secret), so its status link answers "received" like a real enquiry's without
any row, and nobody can make an id that passes for one without the secret. Its reference looks like every other."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from .reference import ALPHABET


@dataclass(frozen=True)
class Decoy:
    enquiry_id: uuid.UUID
    reference: str
    submitted_at: datetime


def _mac(secret: str, data: bytes) -> bytes:
    return hmac.new(secret.encode(), b"decoy:" + data, hashlib.sha256).digest()


def _decoy(secret: str, head: bytes) -> Decoy:
    enquiry_id = uuid.UUID(bytes=head + _mac(secret, head)[:8], version=4)
    submitted_at = datetime.fromtimestamp(_minute(secret, head) * 60, UTC)
    digest = _mac(secret, b"reference:" + enquiry_id.bytes)
    reference = f"DN-{submitted_at.year}-" + "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:6])
    return Decoy(enquiry_id, reference, submitted_at)


def _mask(secret: str, head: bytes) -> int:
    # Bytes 2-5 hold the minute of submission, masked by the random bytes around them: decoy ids look random.
    return int.from_bytes(_mac(secret, b"mask:" + head[:2] + head[6:8])[:4], "big")


def _minute(secret: str, head: bytes) -> int:
    return int.from_bytes(head[2:6], "big") ^ _mask(secret, head)


def new_decoy(secret: str, now: datetime) -> Decoy:
    head = bytearray(secrets.token_bytes(8))
    head[6] = (head[6] & 0x0F) | 0x40  # the UUID version nibble, set before the MAC covers it
    head[2:6] = (int(now.timestamp() // 60) ^ _mask(secret, bytes(head))).to_bytes(4, "big")
    return _decoy(secret, bytes(head))


def decoy_for(secret: str, enquiry_id: uuid.UUID) -> Decoy | None:
    """The decoy this id stands for, or None for any other id (constant-time check)."""
    try:
        candidate = _decoy(secret, enquiry_id.bytes[:8])
    except (ValueError, OverflowError):
        return None  # its unmasked minute lies past year 9999: no decoy was ever made with it (a real random id)
    return candidate if hmac.compare_digest(candidate.enquiry_id.bytes, enquiry_id.bytes) else None
