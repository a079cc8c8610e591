"""Reconciliation sweep: re-publish enquiries whose case never showed up downstream.

NATS is the transport, not the system of record (Jepsen's NATS analysis, reliability.md §1.6). If advisory has
not confirmed a case (`advisory.case.opened.v1`) some time after the enquiry was published, we publish the same
envelope again: same event_id, so every consumer that did process it drops it in its inbox; a new Nats-Msg-Id,
so JetStream's duplicate window does not swallow it.
"""
from __future__ import annotations

import asyncio
import logging

from prometheus_client import Counter

from shared.logs import log_context
from shared.messaging.streams import EVENTS_STREAM
from shared.service import Runtime

from .adapters import reconciliation as repo

log = logging.getLogger(__name__)


def republished_counter(registry) -> Counter:  # noqa: ANN001
    return Counter("intake_reconciliation_republished_total",
                   "Enquiries re-published because no case was confirmed in time", registry=registry)


async def reconcile_once(runtime: Runtime, *, older_than_s: float, limit: int = 100) -> int:
    """Re-publish every overdue enquiry once; return how many."""
    done = 0
    async with runtime.require_pool().acquire() as conn, conn.transaction():
        for row in await repo.take_unconfirmed(conn, older_than_s=older_than_s, limit=limit):
            with log_context(correlation_id=row["correlation_id"], event_id=str(row["event_id"])):
                attempt = row["reconciled_count"] + 1
                await runtime.broker.publish(
                    row["envelope"], row["subject"], stream=EVENTS_STREAM, timeout=5,
                    headers={"Nats-Msg-Id": f"{row['event_id']}:reconcile:{attempt}"},
                    correlation_id=row["correlation_id"],
                )
                await repo.mark_reconciled(conn, row["id"])
                log.warning("no case confirmed in time; enquiry re-published", extra={"fields": {"attempt": attempt}})
                done += 1
    if done:
        runtime.extras["reconciliation_republished"].inc(done)
    return done


def reconciliation_task(*, interval_s: float, older_than_s: float):  # noqa: ANN201 - a BackgroundTask
    async def reconcile_forever(runtime: Runtime) -> None:
        while True:
            await asyncio.sleep(interval_s)
            try:
                await reconcile_once(runtime, older_than_s=older_than_s)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("reconciliation pass failed; will retry", exc_info=True)

    return reconcile_forever
