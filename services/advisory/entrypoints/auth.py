"""Login, logout and the dependency every protected route uses."""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, EmailStr, Field

from ..adapters import accounts
from ..adapters.accounts import Session
from ..settings import AdvisorySettings

router = APIRouter(prefix="/api/v1", tags=["session"])
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def cookie_name(settings: AdvisorySettings) -> str:
    # __Host- binds the cookie to this exact origin over HTTPS; plain-HTTP dev cannot use the prefix.
    return "__Host-advisory_session" if settings.cookie_secure else "advisory_session"


async def current_session(request: Request) -> Session:
    """The logged-in advisor; 401 otherwise. Unsafe methods also need the session's CSRF token."""
    runtime = request.app.state.runtime
    settings: AdvisorySettings = runtime.settings
    token = request.cookies.get(cookie_name(settings))
    if not token:
        raise HTTPException(401, "Login required", headers={"WWW-Authenticate": "Cookie"})
    async with runtime.require_pool().acquire() as conn:
        session = await accounts.resume_session(conn, token, idle_minutes=settings.session_idle_minutes,
                                                absolute_hours=settings.session_absolute_hours)
    if session is None:
        raise HTTPException(401, "Session expired, please log in again", headers={"WWW-Authenticate": "Cookie"})
    if request.method in UNSAFE_METHODS:
        sent = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(sent, session.csrf_token):
            raise HTTPException(403, "Missing or wrong CSRF token")
    return session


CurrentSession = Annotated[Session, Depends(current_session)]


class LoginRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)


class SessionView(BaseModel):
    email: str
    name: str
    role: str
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE")


@router.post("/session", response_model=SessionView)
async def login(body: LoginRequest, request: Request, response: Response) -> SessionView:
    """Log in with e-mail and password; sets the session cookie."""
    runtime = request.app.state.runtime
    settings: AdvisorySettings = runtime.settings
    async with runtime.require_pool().acquire() as conn:
        advisor = await accounts.authenticate(conn, email=body.email, password=body.password)
        if advisor is None:
            raise HTTPException(401, "E-mail or password is wrong")
        token, csrf = await accounts.start_session(conn, advisor.id)
    response.set_cookie(cookie_name(settings), token, httponly=True, samesite="strict", secure=settings.cookie_secure,
                        path="/", max_age=settings.session_absolute_hours * 3600)
    return SessionView(email=advisor.email, name=advisor.name, role=advisor.role, csrf_token=csrf)


@router.get("/session", response_model=SessionView)
async def whoami(session: CurrentSession) -> SessionView:
    a = session.advisor
    return SessionView(email=a.email, name=a.name, role=a.role, csrf_token=session.csrf_token)


@router.delete("/session", status_code=204)
async def logout(session: CurrentSession, request: Request) -> Response:
    runtime = request.app.state.runtime
    token = request.cookies.get(cookie_name(runtime.settings), "")
    async with runtime.require_pool().acquire() as conn:
        await accounts.end_session(conn, token)
    response = Response(status_code=204)
    response.delete_cookie(cookie_name(runtime.settings), path="/")
    return response
