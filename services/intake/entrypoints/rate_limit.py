"""Per-client rate limit on the routes that write (429 with Retry-After), before any body is read.

The JSON API gets a problem document; a browser posting the form or an amendment gets a page in its language
(the form's URL carries `lang`), not a JSON text it cannot read.

The client is the peer address of the connection. X-Forwarded-For is believed only when that peer is a
configured trusted proxy; then the nearest address in the chain that is not one of our proxies counts.
In-process moving window (the `limits` library): with several replicas each has its own budget, which is
fine for abuse protection; a shared store (Redis) would make it exact.
"""
from __future__ import annotations

import ipaddress
import json
import math
import re
import time
from collections.abc import Iterable

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from ..presentation.pages import refusal_page

LIMITED = re.compile(r"^/(api/v1/enquiries|status/[^/]+/amend)?$")


def client_address(scope: Scope, trusted_proxies: frozenset[str]) -> str:
    peer = (scope.get("client") or ("unknown", 0))[0]
    if peer not in trusted_proxies:
        return peer
    forwarded = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for"]
    chain = [a.strip() for a in ",".join(forwarded).split(",") if a.strip()]
    for address in reversed(chain):  # right to left: the entries our own proxies appended come last
        if address not in trusted_proxies and _is_ip(address):
            return address
    return peer


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class RateLimit:
    def __init__(self, app: ASGIApp, *, limit: str, trusted_proxies: Iterable[str] = ()) -> None:
        self.app = app
        self.item: RateLimitItem = parse(limit)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.trusted = frozenset(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not LIMITED.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        client = client_address(scope, self.trusted)
        if await self.limiter.hit(self.item, "intake-post", client):
            await self.app(scope, receive, send)
            return
        stats = await self.limiter.get_window_stats(self.item, "intake-post", client)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        page = refusal_page(scope, title_key="ratelimit.title", text_key="ratelimit.text", status_code=429,
                            headers={"Retry-After": str(retry_after)})
        if page is None:
            await _send_429(send, retry_after=retry_after)
        else:
            await page(scope, receive, send)


async def _send_429(send: Send, *, retry_after: int) -> None:
    body = json.dumps({"type": "about:blank", "title": "Too many requests", "status": 429,
                       "detail": f"Please retry after {retry_after} seconds. / Bitte in {retry_after} Sekunden"
                                 " erneut versuchen."}).encode()
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/problem+json"), (b"retry-after", str(retry_after).encode()),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
