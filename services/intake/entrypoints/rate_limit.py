"""Per-client rate limit on the routes that write (429 with Retry-After), before any body is read.

The JSON API gets a problem document; a browser posting the form or an amendment gets a page in its language
(the form's URL carries `lang`), not a JSON text it cannot read.

The client is the peer address of the connection. X-Forwarded-For is believed only when that peer is a
configured trusted proxy; then the nearest address in the chain that is not one of our proxies counts.
Fixed windows counted by the `limits` library in the storage the composition root passes: PostgreSQL
(adapters/rate_limit_store.py) in the service, so every replica counts against one budget per client; memory in
fast tests. If the storage fails, the request passes (the limit protects, it must not take the form down).
"""
from __future__ import annotations

import json
import logging
import math
import re
import time
from collections.abc import Iterable

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.http import client_address as shared_client_address
from shared.http import trusted_networks

from ..presentation.pages import refusal_page

log = logging.getLogger(__name__)

# The guided form's steps are not counted (a company posts each of them, some many times); its final submit,
# the save that sends an email and the uploads (OCR) are.
LIMITED = re.compile(r"^/(api/v1/enquiries|status/[^/]+/amend|anfrage/(absenden|speichern|dokumente))?$")


def client_address(scope: Scope, trusted_proxies: frozenset[str]) -> str:
    # Proxies may be named as IPs or CIDR networks (a compose or Kubernetes network): shared.http decides.
    return shared_client_address(scope, trusted_networks(",".join(sorted(trusted_proxies))))


class RateLimit:
    def __init__(self, app: ASGIApp, *, limit: str, trusted_proxies: Iterable[str] = (),
                 storage: Storage | None = None) -> None:
        self.app = app
        self.item: RateLimitItem = parse(limit)
        self.limiter = FixedWindowRateLimiter(storage or MemoryStorage())
        self.trusted = frozenset(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not LIMITED.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        client = client_address(scope, self.trusted)
        try:
            allowed = await self.limiter.hit(self.item, "intake-post", client)
            stats = None if allowed else await self.limiter.get_window_stats(self.item, "intake-post", client)
        except Exception:
            log.warning("rate limit storage failed; request let through", exc_info=True)
            allowed, stats = True, None
        if allowed or stats is None:
            await self.app(scope, receive, send)
            return
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
