"""Events published by advisory."""
from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class CaseOpenedV1(_Model):
    """A case was opened in the advisors' queue. Subject `advisory.case.opened.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    priority: str
    sla_due_at: datetime
