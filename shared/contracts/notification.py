"""Events published by notification."""
from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class MessageSentV1(_Model):
    """An email was accepted by the SMTP server. Subject `notification.message.sent.v1`."""

    message_id: str = Field(description="RFC 5322 Message-ID, deterministic per (event, recipient, template)")
    enquiry_id: uuid.UUID | None
    template: str
    language: str
    recipient_role: str = Field(description="company | partner | lead | advisor; never the address itself")


class MessageFailedV1(_Model):
    """An email could not be delivered. Subject `notification.message.failed.v1`."""

    message_id: str
    enquiry_id: uuid.UUID | None
    template: str
    recipient_role: str
    permanent: bool
    error: str
