"""The envelope every event travels in, and helpers to build one."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

P = TypeVar("P", bound=BaseModel)


class Envelope(BaseModel, Generic[P]):
    """Metadata that lets any consumer dedupe, trace and version an event."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: uuid.UUID
    event_type: str = Field(description="The subject without its version, e.g. intake.enquiry.submitted")
    event_version: int = Field(ge=1)
    occurred_at: datetime
    correlation_id: str = Field(min_length=1, max_length=100, description="One per enquiry; in every log line")
    causation_id: uuid.UUID | None = Field(default=None, description="event_id of the event that caused this one")
    producer: str
    payload: P


def new_envelope(
    payload: BaseModel,
    *,
    subject: str,
    producer: str,
    correlation_id: str,
    causation_id: uuid.UUID | None = None,
    event_id: uuid.UUID | None = None,
    occurred_at: datetime | None = None,
) -> Envelope[Any]:
    """Wrap a payload for `subject` (`<producer>.<entity>.<past>.vN`); `occurred_at` comes from the use case's
    clock where it has one."""
    event_type, version = split_subject(subject)
    return Envelope[type(payload)](  # type: ignore[misc,operator]  # parametrised at runtime by the payload
        event_id=event_id or uuid.uuid4(),
        event_type=event_type,
        event_version=version,
        occurred_at=occurred_at or datetime.now(UTC),
        correlation_id=correlation_id,
        causation_id=causation_id,
        producer=producer,
        payload=payload,
    )


def split_subject(subject: str) -> tuple[str, int]:
    """'intake.enquiry.submitted.v1' -> ('intake.enquiry.submitted', 1)."""
    head, _, tail = subject.rpartition(".")
    if not head or not tail.startswith("v") or not tail[1:].isdigit():
        raise ValueError(f"subject {subject!r} does not end in .vN")
    return head, int(tail[1:])
