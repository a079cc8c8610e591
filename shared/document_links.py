"""Expiring download links for a company's documents, signed by advisory and checked by intake (issue 16).

advisory records who downloads a document and redirects the advisor's browser to intake with a link that names the
document, an expiry a few minutes ahead and an HMAC-SHA256 signature over both under `DOCUMENT_LINK_SECRET`, a
secret only the two services hold. Python's hmac/hashlib suffice for one MAC over two values; a library such as
itsdangerous would add a dependency for the same five lines.
"""
from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime
from urllib.parse import urlencode

DEFAULT_TTL_S = 300


def signature(secret: str, document_id: uuid.UUID, expires: int) -> str:
    message = f"document:{document_id}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_path(secret: str, document_id: uuid.UUID, *, now: datetime, ttl_s: int = DEFAULT_TTL_S) -> str:
    """`/documents/<id>?expires=<unix seconds>&signature=<hex>`, valid for `ttl_s` seconds from `now`."""
    expires = int(now.timestamp()) + ttl_s
    query = urlencode({"expires": expires, "signature": signature(secret, document_id, expires)})
    return f"/documents/{document_id}?{query}"


def link_valid(secret: str, document_id: uuid.UUID, *, expires: str | None, sig: str | None,
               now: datetime, max_ttl_s: int = 3600) -> bool:
    """The signature matches and the link has not expired; a link further ahead than `max_ttl_s` is refused."""
    if not expires or not sig or not expires.isdigit():
        return False
    until, at = int(expires), now.timestamp()
    if until < at or until > at + max_ttl_s:
        return False
    return hmac.compare_digest(signature(secret, document_id, until), sig)
