"""The guard every route runs: policy lookup, origin check, session, role and CSRF token."""
from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request

from ..adapters import accounts
from ..adapters.accounts import Session
from ..dependencies import Deps, Live
from ..domain.rules import Actor
from ..settings import AdvisorySettings
from .policy import POLICY, Rule

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class LoginRequired(HTTPException):
    """401; HTML pages turn it into a redirect to the login page."""

    def __init__(self, detail: str) -> None:
        super().__init__(401, detail, headers={"WWW-Authenticate": "Cookie"})


def cookie_name(settings: AdvisorySettings) -> str:
    # __Host- binds the cookie to this exact origin over HTTPS; plain-HTTP dev cannot use the prefix.
    return "__Host-advisory_session" if settings.cookie_secure else "advisory_session"


def rule_for(request: Request) -> Rule:
    route = request.scope.get("route")
    rule = POLICY.get((request.method, getattr(route, "path", "")))
    if rule is None:
        raise HTTPException(403, "This route has no access rule")  # deny by default
    return rule


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_origin(request: Request, settings: AdvisorySettings) -> None:
    """Refuse requests a browser marks as cross-site. Non-browser clients send neither header.

    Sec-Fetch-Site is authoritative when present. Our Referrer-Policy (no-referrer) makes browsers send
    `Origin: null` on form posts, so Origin is compared only when it names a real origin."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        if site not in ("same-origin", "none"):
            raise HTTPException(403, "Cross-site request refused")
        return
    origin = request.headers.get("origin")
    if origin not in (None, "null") and origin.lower() not in {_origin(str(request.base_url)),
                                                                _origin(settings.ui_url)}:
        raise HTTPException(403, "Cross-origin request refused")


async def _csrf_sent(request: Request) -> str:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    if request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/")):
        value = (await request.form()).get("csrf_token")
        return value if isinstance(value, str) else ""
    return ""


async def guard(request: Request, deps: Deps, runtime: Live) -> Session | None:
    """Apply the route's rule. Returns the session for protected routes, None for public ones."""
    settings = deps.settings
    rule = rule_for(request)
    unsafe = request.method in UNSAFE_METHODS
    if unsafe:
        check_origin(request, settings)
    if not rule.roles:
        return None
    token = request.cookies.get(cookie_name(settings))
    if not token:
        raise LoginRequired("Login required")
    async with runtime.require_pool().acquire() as conn:
        session = await accounts.resume_session(conn, token, idle_minutes=settings.session_idle_minutes,
                                                absolute_hours=settings.session_absolute_hours)
    if session is None:
        raise LoginRequired("Session expired, please log in again")
    if session.advisor.role not in rule.roles:
        raise HTTPException(403, "Your role may not do this")
    if unsafe and not hmac.compare_digest(await _csrf_sent(request), session.csrf_token):
        raise HTTPException(403, "Missing or wrong CSRF token")
    return session


async def current_session(session: Annotated[Session | None, Depends(guard)]) -> Session:
    if session is None:  # a public rule on a route that needs a session: a policy mistake
        raise HTTPException(403, "This route needs a session")
    return session


CurrentSession = Annotated[Session, Depends(current_session)]


def actor_of(session: Session) -> Actor:
    a = session.advisor
    return Actor(id=a.id, name=a.name, role=a.role)
