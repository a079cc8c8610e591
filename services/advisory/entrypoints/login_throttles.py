"""Leads see which (account, address) pairs are being throttled and can reset them (JSON)."""
from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from shared.problems import problem_responses
from shared.strict_json import strict_json_body

from ..adapters import throttle
from ..dependencies import Deps, Live
from ..domain.login_throttle import account_key, pair_delay
from .auth import throttle_policy
from .security import CurrentSession, guard

router = APIRouter(prefix="/api/v1", tags=["session"], dependencies=[Depends(guard), Depends(strict_json_body)],
                   responses=problem_responses(401, 403, 422))


class ThrottleView(BaseModel):
    email: str
    address: str
    failures: int = Field(description="Failed logins for this account from this address that still count")
    last_failure_at: datetime
    retry_after_s: int = Field(description="Seconds until this pair may try again; 0 if it may now")
    address_failures: int = Field(description="Failures from this address for any account")
    address_slowed: bool = Field(description="Every attempt from this address is slowed down")


class ResetRequest(BaseModel):
    email: str | None = Field(default=None, max_length=320, description="Only this account (all if omitted)")
    address: str | None = Field(default=None, max_length=64, description="Only this address (all if omitted)")


class ResetDone(BaseModel):
    cleared: int


@router.get("/login-throttles", response_model=list[ThrottleView])
async def list_throttles(session: CurrentSession, deps: Deps, runtime: Live) -> list[ThrottleView]:
    """Pairs with failed logins that still count, newest first (leads)."""
    policy = throttle_policy(deps.settings)
    now = deps.clock.now()
    async with runtime.require_pool().acquire() as conn:
        rows = await throttle.counted_failures(conn, since=now - policy.window)
    per_address: dict[str, int] = {}
    for r in rows:
        per_address[r.address] = per_address.get(r.address, 0) + r.failures
    return [ThrottleView(email=r.email, address=r.address, failures=r.failures, last_failure_at=r.last_failure_at,
                         retry_after_s=max(0, int((r.last_failure_at + pair_delay(r.failures, policy) - now)
                                                  .total_seconds() + 0.999)),
                         address_failures=per_address[r.address],
                         address_slowed=per_address[r.address] >= policy.failures_per_address)
            for r in rows]


@router.post("/login-throttles/reset", response_model=ResetDone)
async def reset_throttles(body: ResetRequest, session: CurrentSession, deps: Deps, runtime: Live) -> ResetDone:
    """Forget the counting failures of one account, one address or one pair (leads); logged in the audit log."""
    if not body.email and not body.address:
        raise HTTPException(422, "Name an email, an address or both")
    async with runtime.require_pool().acquire() as conn:
        cleared = await throttle.reset(conn, email=account_key(body.email) if body.email else None,
                                       address=body.address or None, actor_id=session.advisor.id,
                                       at=deps.clock.now())
    return ResetDone(cleared=cleared)
