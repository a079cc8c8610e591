"""ReconciliationStore over PostgreSQL: enquiries without a confirmed case, with their published event."""
from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from shared.contracts import subjects

from ..use_cases.ports import UnconfirmedEnquiry

# The outbox rows reconciliation may still need however old (the messaging housekeeping keeps them): the submission of
# an enquiry whose case was never confirmed.
UNCONFIRMED_SUBMISSION = (f"outbox.subject = '{subjects.ENQUIRY_SUBMITTED}' AND EXISTS (SELECT 1 FROM enquiries e"
                          " WHERE e.reference = outbox.correlation_id AND e.case_opened_at IS NULL)")


class PgReconciliationStore:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def take_unconfirmed(self, *, overdue_before: datetime, limit: int) -> list[UnconfirmedEnquiry]:
        rows = await self._conn.fetch(
            "SELECT e.id, e.reconciled_count, o.event_id, o.subject, o.envelope, o.correlation_id"
            " FROM enquiries e JOIN outbox o ON o.correlation_id = e.reference AND o.subject = $3"
            " WHERE e.case_opened_at IS NULL AND o.published_at IS NOT NULL AND e.submitted_at < $1"
            "   AND (e.last_reconciled_at IS NULL OR e.last_reconciled_at < $1)"
            " ORDER BY e.submitted_at LIMIT $2 FOR UPDATE OF e SKIP LOCKED",
            overdue_before, limit, subjects.ENQUIRY_SUBMITTED,
        )
        return [UnconfirmedEnquiry(id=r["id"], reconciled_count=r["reconciled_count"], event_id=r["event_id"],
                                   subject=r["subject"], envelope=r["envelope"], correlation_id=r["correlation_id"])
                for r in rows]

    async def mark_reconciled(self, enquiry_id: uuid.UUID, *, at: datetime) -> None:
        await self._conn.execute(
            "UPDATE enquiries SET reconciled_count = reconciled_count + 1, last_reconciled_at = $2 WHERE id = $1",
            enquiry_id, at,
        )
