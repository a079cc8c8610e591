"""Operators' API: the delivery log of an enquiry."""
from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel

from ..adapters import emails

router = APIRouter(prefix="/api/v1", tags=["deliveries"])


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


@router.get("/enquiries/{enquiry_id}/deliveries", response_model=list[Delivery])
async def deliveries(enquiry_id: uuid.UUID, request: Request) -> list[Delivery]:
    """Every email for one enquiry, with its status."""
    async with request.app.state.runtime.require_pool().acquire() as conn:
        rows = await emails.delivery_log(conn, enquiry_id)
    return [Delivery(**dict(r)) for r in rows]
