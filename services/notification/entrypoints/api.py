"""Operators' API: the delivery log of an enquiry, failed emails and consumer dead letters. Bearer token only."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel

from shared.messaging.dead_letters import operator_dead_letters_router
from shared.problems import problem_responses
from shared.service import Runtime, app_runtime

from ..adapters import emails
from ..adapters.delivery_log import PgFailedEmails
from ..use_cases import retry_failed_email as requeue
from .operator_auth import require_operator

router = APIRouter(prefix="/api/v1", tags=["deliveries"], dependencies=[Depends(require_operator)],
                   responses=problem_responses(401, 404, 409, 422))
Live = Annotated[Runtime, Depends(app_runtime)]


class Delivery(BaseModel):
    message_id: str
    template: str
    language: str
    recipient_role: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class FailedEmail(BaseModel):
    id: int
    message_id: str
    enquiry_id: uuid.UUID | None
    correlation_id: str
    template: str
    language: str
    recipient_role: str
    attempts: int
    operator_retries: int
    last_error: str | None
    created_at: datetime


@router.get("/enquiries/{enquiry_id}/deliveries", response_model=list[Delivery])
async def deliveries(enquiry_id: uuid.UUID, runtime: Live) -> list[Delivery]:
    """Every email for one enquiry, with its status."""
    async with runtime.require_pool().acquire() as conn:
        rows = await emails.delivery_log(conn, enquiry_id)
    return [Delivery(**dict(r)) for r in rows]


@router.get("/operator/failed-emails", response_model=list[FailedEmail])
async def failed_emails(runtime: Live, limit: int = 100) -> list[FailedEmail]:
    """Emails given up (permanent refusal or attempts exhausted), oldest first."""
    async with runtime.require_pool().acquire() as conn:
        rows = await emails.failed_emails(conn, limit=max(1, min(limit, 1000)))
    return [FailedEmail(**dict(r)) for r in rows]


@router.post("/operator/failed-emails/{email_id}/retry")
async def retry_failed_email(email_id: int, runtime: Live) -> dict[str, str]:
    """Queue a failed email again (same Message-ID, attempts reset)."""
    async with runtime.require_pool().acquire() as conn:
        if not await requeue.retry_failed_email(PgFailedEmails(conn), email_id):
            raise HTTPException(404, f"no failed email with id {email_id}")
    return {"status": "pending"}


dead_letters = operator_dead_letters_router()
