"""intake's background loops: each pass calls a use case; a failed pass is logged and retried on the next beat."""
from __future__ import annotations

from shared.clock import Clock
from shared.loops import every
from shared.service import BackgroundTask, Runtime

from ..adapters.draft_store import PgDraftStore
from ..adapters.erasure_store import PgErasureStore
from ..adapters.jetstream import BrokerRepublisher, NatsEventStream
from ..adapters.reconciliation_store import PgReconciliationStore
from ..adapters.unit_of_work import PgUnitOfWork
from ..metrics import IntakeMetrics
from ..use_cases.drafts import purge_expired_drafts
from ..use_cases.erase import apply_retention, finish_erasures
from ..use_cases.reconcile import reconcile_overdue

RETENTION_INTERVAL_S = 3600


def reconciliation_loop(*, clock: Clock, metrics: IntakeMetrics, interval_s: float,
                        older_than_s: float) -> BackgroundTask:
    async def reconcile_forever(runtime: Runtime) -> None:
        uow = PgUnitOfWork(runtime.require_pool(), PgReconciliationStore)
        publisher = BrokerRepublisher(runtime.broker)
        await every(interval_s, lambda: reconcile_overdue(uow, publisher, clock=clock, metrics=metrics,
                                                          older_than_s=older_than_s),
                    name="reconciliation", first_pass_at_once=False)

    return reconcile_forever


def erasure_finisher_loop(*, interval_s: float, nats_servers: list[str]) -> BackgroundTask:
    async def finish_erasures_forever(runtime: Runtime) -> None:
        uow = PgUnitOfWork(runtime.require_pool(), PgErasureStore)
        stream = NatsEventStream(nats_servers)
        await every(interval_s, lambda: finish_erasures(uow, stream), name="erasure finisher",
                    first_pass_at_once=False)

    return finish_erasures_forever


def retention_loop(*, clock: Clock, retention_days: int) -> BackgroundTask:
    async def retention_forever(runtime: Runtime) -> None:
        uow = PgUnitOfWork(runtime.require_pool(), PgErasureStore)
        await every(RETENTION_INTERVAL_S, lambda: apply_retention(uow, clock=clock, retention_days=retention_days),
                    name="retention job", first_pass_at_once=False)

    return retention_forever



def draft_purge_loop(*, clock: Clock, interval_s: float) -> BackgroundTask:
    """Drafts of the guided form past their 30 days go, with their documents (the Clock decides "past")."""
    async def purge_drafts_forever(runtime: Runtime) -> None:
        uow = PgUnitOfWork(runtime.require_pool(), PgDraftStore)
        await every(interval_s, lambda: purge_expired_drafts(uow, clock=clock), name="draft purge",
                    first_pass_at_once=True)

    return purge_drafts_forever
