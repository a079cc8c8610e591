"""Use case: re-publish enquiries whose case never showed up downstream (the reasons: domain/reconciliation.py)."""
from __future__ import annotations

import logging

from shared.clock import Clock
from shared.logs import log_context

from ..domain.reconciliation import overdue_cutoff, republish_msg_id
from ..metrics import IntakeMetrics
from .ports import ReconciliationStore, Republisher, UnitOfWork

log = logging.getLogger(__name__)


async def reconcile_overdue(uow: UnitOfWork[ReconciliationStore], publisher: Republisher, *, clock: Clock,
                            metrics: IntakeMetrics, older_than_s: float, limit: int = 100) -> int:
    """Re-publish every overdue enquiry once; return how many."""
    done = 0
    now = clock.now()
    async with uow.transaction() as store:
        for enquiry in await store.take_unconfirmed(overdue_before=overdue_cutoff(now, older_than_s=older_than_s),
                                                    limit=limit):
            with log_context(correlation_id=enquiry.correlation_id, event_id=str(enquiry.event_id)):
                attempt = enquiry.reconciled_count + 1
                await publisher.republish(subject=enquiry.subject, envelope=enquiry.envelope,
                                          msg_id=republish_msg_id(enquiry.event_id, attempt),
                                          correlation_id=enquiry.correlation_id)
                await store.mark_reconciled(enquiry.id, at=now)
                log.warning("no case confirmed in time; enquiry re-published", extra={"fields": {"attempt": attempt}})
                done += 1
    if done:  # counted once the marks committed
        metrics.reconciliation_republished.inc(done)
    return done
