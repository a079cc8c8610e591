"""Delivery rules: what a queued email is, when a failed send is tried again, when we give up."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class QueuedEmail:
    """A row of `outbound_emails` as the dispatcher claims it (its `attempts` already count this one)."""

    id: int
    message_id: str
    event_id: uuid.UUID
    correlation_id: str
    enquiry_id: uuid.UUID | None
    template: str
    language: str
    recipient: str
    recipient_role: str
    context: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Backlog:
    """What the delivery gauges show: emails per unfinished status, the oldest pending one, open dead letters."""

    by_status: dict[str, int] = field(default_factory=dict)
    oldest_pending_s: float = 0.0
    open_dead_letters: int = 0


def retry_delay_s(attempts: int, *, base_s: float = 5.0, max_s: float = 600.0) -> float:
    """Backoff for transient SMTP failures: base, 2*base, 4*base ... capped at max_s (default 5 s ... 10 min)."""
    return float(min(base_s * 2 ** min(max(attempts - 1, 0), 30), max_s))


@dataclass(frozen=True)
class DeliveryPolicy:
    """How the dispatcher sends: the envelope sender, the batch it claims, and its retry limits."""

    mail_from: str
    batch: int = 20
    # A send interrupted by a crash is claimed again (same Message-ID) after this long in 'sending'.
    sending_stale_after_s: float = 120.0
    max_send_attempts: int = 8
    retry_base_s: float = 5.0
    retry_max_s: float = 600.0

    def gives_up(self, attempts: int) -> bool:
        """After a transient failure: True when this was the last attempt allowed."""
        return attempts >= self.max_send_attempts

    def retry_delay_s(self, attempts: int) -> float:
        return retry_delay_s(attempts, base_s=self.retry_base_s, max_s=self.retry_max_s)
