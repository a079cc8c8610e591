"""Login and logout (JSON), with throttling per account and IP and a new session id on every login."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, EmailStr, Field

from shared.problems import problem_responses
from shared.service import Runtime

from ..adapters import accounts, throttle
from ..adapters.accounts import Advisor
from ..adapters.throttle import ThrottlePolicy
from ..dependencies import AdvisoryDependencies, Deps, Live
from .security import CurrentSession, cookie_name, guard

router = APIRouter(prefix="/api/v1", tags=["session"], dependencies=[Depends(guard)],
                   responses=problem_responses(401, 403, 422, 429))


class LoginRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)


class SessionView(BaseModel):
    email: str
    name: str
    role: str
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE")


async def log_in(request: Request, response: Response, *, deps: AdvisoryDependencies, runtime: Runtime,
                 email: str, password: str) -> tuple[Advisor, str]:
    """Check throttling and credentials, start a fresh session, set the cookie; returns (advisor, csrf)."""
    settings = deps.settings
    policy = ThrottlePolicy(window_minutes=settings.login_window_minutes,
                            per_account=settings.login_failures_per_account, per_ip=settings.login_failures_per_ip)
    ip = request.client.host if request.client else "unknown"
    async with runtime.require_pool().acquire() as conn:
        if await throttle.is_blocked(conn, email=email, ip=ip, policy=policy):
            raise HTTPException(429, "Too many failed logins; try again later",
                                headers={"Retry-After": str(policy.window_minutes * 60)})
        advisor = await deps.authenticator.authenticate(conn, email=email, secret=password)
        if advisor is None:
            await throttle.record_failure(conn, email=email, ip=ip)
            raise HTTPException(401, "E-mail or password is wrong")
        await throttle.record_success(conn, email=email)
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


