"""When an enquiry whose case never showed up downstream is published again, and under which message id.

NATS is the transport, not the system of record (Jepsen's NATS analysis, reliability.md §1.6). If advisory has
not confirmed a case (`advisory.case.opened.v1`) some time after the enquiry was published, the same envelope
goes out again: same event_id, so every consumer that did process it drops it in its inbox; a new Nats-Msg-Id,
so JetStream's duplicate window does not swallow it.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta


def overdue_cutoff(now: datetime, *, older_than_s: float) -> datetime:
    """Enquiries submitted (and last re-published) before this, without a confirmed case, are overdue."""
    return now - timedelta(seconds=older_than_s)


def republish_msg_id(event_id: uuid.UUID, attempt: int) -> str:
    return f"{event_id}:reconcile:{attempt}"
