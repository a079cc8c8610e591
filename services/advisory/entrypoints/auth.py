"""Login and logout (JSON), throttled per (account, address) pair (domain/login_throttle.py), every attempt in the
audit log, and a new session id on every login."""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, EmailStr, Field

from shared.http import client_address, trusted_networks
from shared.problems import problem_responses
from shared.service import Runtime
from shared.strict_json import strict_json_body

from ..adapters import accounts, throttle
from ..adapters.accounts import Advisor
from ..dependencies import AdvisoryDependencies, Deps, Live
from ..domain.login_throttle import ThrottlePolicy, account_key, decide
from ..settings import AdvisorySettings
from .security import CurrentSession, cookie_name, guard

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["session"], dependencies=[Depends(guard), Depends(strict_json_body)],
                   responses=problem_responses(401, 403, 422, 429))


class LoginRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)


class SessionView(BaseModel):
    email: str
    name: str
    role: str
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE")


def throttle_policy(settings: AdvisorySettings) -> ThrottlePolicy:
    return ThrottlePolicy(window=timedelta(minutes=settings.login_window_minutes),
                          free_failures_per_pair=settings.login_failures_per_pair,
                          first_delay=timedelta(seconds=settings.login_first_delay_s),
                          max_delay=timedelta(seconds=settings.login_max_delay_s),
                          failures_per_address=settings.login_failures_per_address,
                          address_delay_s=settings.login_address_delay_s)


def login_address(request: Request, settings: AdvisorySettings) -> str:
    return client_address(request.scope, trusted_networks(settings.trusted_proxies))


async def log_in(request: Request, response: Response, *, deps: AdvisoryDependencies, runtime: Runtime,
                 email: str, password: str) -> tuple[Advisor, str]:
    """Check throttling and credentials, start a fresh session, set the cookie; returns (advisor, csrf)."""
    settings = deps.settings
    policy = throttle_policy(settings)
    account, address = account_key(email), login_address(request, settings)
    now = deps.clock.now()
    async with runtime.require_pool().acquire() as conn:
        counts = await throttle.failure_counts(conn, email=account, address=address, since=now - policy.window)
        decision = decide(counts, now=now, policy=policy)
        if decision.retry_after_s:
            await throttle.record(conn, email=account, address=address, outcome="refused", at=now)
            raise HTTPException(429, "Too many failed logins; try again later",
                                headers={"Retry-After": str(decision.retry_after_s)})
    if decision.slow_down_s:
        await asyncio.sleep(decision.slow_down_s)  # a spraying address waits; a right password still gets in
    async with runtime.require_pool().acquire() as conn:
        advisor = await deps.authenticator.authenticate(conn, email=account, secret=password)
        outcome = "failed" if advisor is None else "succeeded"
        await throttle.record(conn, email=account, address=address, outcome=outcome, at=deps.clock.now())
        if advisor is None:
            log.warning("login failed", extra={"fields": {"email": account, "address": address}})
            raise HTTPException(401, "E-mail or password is wrong")
        token, csrf = await accounts.start_session(conn, advisor.id,
                                                   replaces=request.cookies.get(cookie_name(settings)))
    response.set_cookie(cookie_name(settings), token, httponly=True, samesite="strict", secure=settings.cookie_secure,
                        path="/", max_age=settings.session_absolute_hours * 3600)
    return advisor, csrf


async def log_out(request: Request, response: Response, *, deps: AdvisoryDependencies, runtime: Runtime) -> None:
    async with runtime.require_pool().acquire() as conn:
        await accounts.end_session(conn, request.cookies.get(cookie_name(deps.settings), ""))
    response.delete_cookie(cookie_name(deps.settings), path="/")


@router.post("/session", response_model=SessionView)
async def login(body: LoginRequest, request: Request, response: Response, deps: Deps, runtime: Live) -> SessionView:
    """Log in with e-mail and password; sets the session cookie."""
    advisor, csrf = await log_in(request, response, deps=deps, runtime=runtime, email=body.email,
                                 password=body.password)
    return SessionView(email=advisor.email, name=advisor.name, role=advisor.role, csrf_token=csrf)


@router.get("/session", response_model=SessionView)
async def whoami(session: CurrentSession) -> SessionView:
    a = session.advisor
    return SessionView(email=a.email, name=a.name, role=a.role, csrf_token=session.csrf_token)


@router.delete("/session", status_code=204)
async def logout(session: CurrentSession, request: Request, deps: Deps, runtime: Live) -> Response:
    response = Response(status_code=204)
    await log_out(request, response, deps=deps, runtime=runtime)
    return response


