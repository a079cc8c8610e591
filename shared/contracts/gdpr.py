"""Erasure (GDPR Art. 17): intake asks every service to remove a company's personal data and collects the answers.

The events carry ids and references only, never the data being erased.
"""
from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErasureRequestedV1(_Model):
    """Remove the personal data of these enquiries. Subject `intake.erasure.requested.v1`."""

    request_id: uuid.UUID
    enquiry_ids: list[uuid.UUID] = Field(min_length=1)
    references: list[str] = Field(min_length=1, description="The enquiries' references (= correlation ids)")


class ErasureCompletedV1(_Model):
    """A service removed what it held. Subjects `<service>.erasure.completed.v1`."""

    request_id: uuid.UUID
    service: str
    items_erased: int = Field(ge=0)
