"""HTTP plumbing shared by the services: body size limit, security headers, correlation ids, request metrics.

All pure ASGI middleware: Starlette's BaseHTTPMiddleware runs every request through an extra task group and
stream, a cost we measured (ADR 8)."""
from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .logs import correlation_id_var
from .observability.correlation import CorrelationSlot, acceptable, bind_correlation_id, request_slot

if TYPE_CHECKING:
    from .metrics import PlumbingMetrics


class BodyTooLarge(Exception):
    pass


def trusted_networks(setting: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """`10.0.0.5, 172.16.0.0/12` -> the networks of our own reverse proxies (an invalid entry stops the start)."""
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in setting.split(",") if p.strip())


def client_address(scope: Scope, trusted: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> str:
    """The client's address: the peer, or, when the peer is one of our proxies, the nearest X-Forwarded-For entry
    that is not (right to left: the entries our own proxies appended come last). Forged entries further left
    are never reached; a client cannot pick its address."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    if not _within(peer, trusted):
        return peer
    forwarded = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"x-forwarded-for"]
    for address in reversed([a.strip() for a in ",".join(forwarded).split(",") if a.strip()]):
        if not _within(address, trusted):
            return address if _ip(address) is not None else peer
    return peer


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _within(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in n for n in networks)


class BodySizeLimit:
    """Refuse bodies over `max_bytes` with 413, by Content-Length at once or by counting streamed bytes.

    The refusal is a problem document unless `refusal(scope)` returns an answer of its own (a page for a browser
    that posted a form: it would show the JSON as text)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int,
                 refusal: Callable[[Scope], ASGIApp | None] | None = None,
                 limit_for: Callable[[Scope], int | None] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.refusal = refusal
        self.limit_for = limit_for  # a route with a limit of its own (uploads); None: `max_bytes`

    def _limit(self, scope: Scope) -> int:
        own = self.limit_for(scope) if self.limit_for is not None else None
        return own if own is not None else self.max_bytes

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = self.refusal(scope) if self.refusal is not None else None
        if answer is None:
            await _send_413(send, self._limit(scope))
        else:
            await answer(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self._limit(scope)
                except ValueError:
                    too_big = True
                if too_big:
                    await self._refuse(scope, receive, send)
                    return
        received = 0
        exceeded = False
        started = False
        limit = self._limit(scope)

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            # A framework may catch BodyTooLarge and answer on its own (FastAPI turns it into a 400
            # "error parsing the body"); once the limit was crossed, only our 413 goes out.
            nonlocal started
            if not exceeded:
                started = started or message["type"] == "http.response.start"
                await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            pass
        if exceeded and not started:
            await self._refuse(scope, receive, send)


async def _send_413(send: Send, limit: int) -> None:
    body = json.dumps({"type": "about:blank", "title": "Request body too large", "status": 413,
                       "detail": f"The limit is {limit} bytes."}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/problem+json"), (b"connection", b"close"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                               " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """Add CSP, nosniff and framing protection to every response; `Cache-Control: no-store` to every response but
    static files (pages and APIs carry company data that must not sit in a browser or proxy cache); and, when
    `hsts_max_age_s` is set, Strict-Transport-Security. A header the response sets itself is left alone."""

    def __init__(self, app: ASGIApp, *, extra: dict[str, str] | None = None, hsts_max_age_s: int = 0) -> None:
        self.app = app
        headers = {**SECURITY_HEADERS, **(extra or {})}
        if hsts_max_age_s:
            headers["Strict-Transport-Security"] = f"max-age={hsts_max_age_s}; includeSubDomains"
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.no_store = [(b"cache-control", b"no-store")]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self.headers if scope["path"].startswith("/static/") else self.headers + self.no_store

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in added if h[0] not in existing]
            await send(message)

        await self.app(scope, receive, with_headers)




class CorrelationId:
    """Bind each request's correlation id to its log lines and echo it as `X-Correlation-Id`.

    Sources, first wins: the request's own `X-Correlation-Id` (if plain), `bind_correlation_id()` during
    handling (the outbox calls it when an event is staged, so intake binds the new enquiry reference), and
    finally a top-level `response_field` of a JSON response (a replayed submission, a status read).
    """

    def __init__(self, app: ASGIApp, *, header: str = "X-Correlation-Id", response_field: str | None = "reference",
                 max_peek_bytes: int = 64 * 1024) -> None:
        self.app = app
        self.header = header.lower().encode()
        self.response_field = response_field
        self.max_peek_bytes = max_peek_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inbound = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == self.header), None)
        slot = CorrelationSlot()
        slot_token = request_slot.set(slot)
        log_token = correlation_id_var.set(correlation_id_var.get())
        if acceptable(inbound):
            bind_correlation_id(inbound)  # type: ignore[arg-type]  # checked for shape just above
        held: Message | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                if slot.value is None and self.response_field and _is_json(message):
                    held = message  # the id may be in the body: hold the headers until it arrives
                    return
                await send(self._with_header(message, slot.value))
                return
            if held is not None:
                start, held = held, None
                if slot.value is None and not message.get("more_body"):
                    slot.value = acceptable(_top_level_field(message.get("body", b""), self.response_field,
                                                             self.max_peek_bytes))
                await send(self._with_header(start, slot.value))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            correlation_id_var.reset(log_token)
            request_slot.reset(slot_token)

    def _with_header(self, message: Message, value: str | None) -> Message:
        if value is None:
            return message
        headers = [h for h in message.get("headers", []) if h[0] != self.header]
        return {**message, "headers": headers + [(self.header, value.encode())]}


def _is_json(message: Message) -> bool:
    return any(k == b"content-type" and v.split(b";")[0].strip().endswith(b"json")
               for k, v in message.get("headers", []))


def _top_level_field(body: bytes, field: str | None, limit: int) -> str | None:
    if not field or len(body) > limit:
        return None
    try:
        value = json.loads(body).get(field)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


class HttpMetrics:
    """Count and time every request, labelled by route template (never the raw path: ids would explode the
    label set); /metrics and /health are not counted."""

    def __init__(self, app: ASGIApp, *, metrics: PlumbingMetrics, service: str) -> None:
        self.app = app
        self.metrics = metrics
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # unless a response starts: an exception that escapes is a 500 to the client

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")  # the router sets it on this same scope
            if route not in ("/metrics", "/health"):
                self.metrics.http_requests.labels(self.service, scope["method"], route, str(status)).inc()
                self.metrics.http_duration.labels(self.service, scope["method"], route).observe(
                    time.perf_counter() - start)
