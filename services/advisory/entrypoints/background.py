"""Background loops of the advisory process: SLA escalations, re-assessment reminders, auto-assignment and the
open-case gauges. All survive restarts because their state is in the database; all keep running whatever a single
pass raises."""
from __future__ import annotations

from shared.clock import Clock
from shared.loops import every
from shared.service import BackgroundTask, Runtime

from ..adapters import case_counts
from ..adapters.audit_log import PgAuditRetention
from ..adapters.case_store import PgUnitOfWork
from ..adapters.lagebild import PgLagebildRollups
from ..domain.case import OPEN_STATUSES
from ..metrics import AdvisoryMetrics
from ..use_cases.auto_assign import auto_assign_waiting
from ..use_cases.escalate_sla import fire_due_escalations
from ..use_cases.facts import counting
from ..use_cases.fold_lagebild import fold_lagebild_deltas
from ..use_cases.pseudonymise_audit import pseudonymise_expired_audit
from ..use_cases.remind_reassessment import remind_reassessments


def sla_poller(*, clock: Clock, metrics: AdvisoryMetrics, interval_s: float, ui_base_url: str) -> BackgroundTask:
    """Fire due SLA warnings and breaches; what the committed passes raised is counted on `metrics`."""
    async def loop(runtime: Runtime) -> None:
        async def step() -> int:
            async with runtime.require_pool().acquire() as conn:
                return await fire_due_escalations(PgUnitOfWork(conn), clock=clock, ui_base_url=ui_base_url)

        with counting(metrics.record):
            await every(interval_s, step, name="SLA poller", first_pass_at_once=True)

    loop.__name__ = "sla_poller"
    return loop


def reassessment_poller(*, clock: Clock, interval_s: float, ui_base_url: str) -> BackgroundTask:
    """Remind advisors (and invite consenting companies) when a case's re-assessment date has come."""
    async def loop(runtime: Runtime) -> None:
        async def step() -> int:
            async with runtime.require_pool().acquire() as conn:
                return await remind_reassessments(PgUnitOfWork(conn), clock=clock, ui_base_url=ui_base_url)

        await every(interval_s, step, name="re-assessment poller", first_pass_at_once=True)

    loop.__name__ = "reassessment_poller"
    return loop


def auto_assigner(*, clock: Clock, metrics: AdvisoryMetrics, interval_s: float, ui_base_url: str) -> BackgroundTask:
    """Offer open unassigned cases to free advisors (absences end, capacity frees up)."""
    async def loop(runtime: Runtime) -> None:
        async def step() -> int:
            async with runtime.require_pool().acquire() as conn:
                return await auto_assign_waiting(PgUnitOfWork(conn), clock=clock, ui_base_url=ui_base_url)

        with counting(metrics.record):
            await every(interval_s, step, name="auto-assignment", first_pass_at_once=True)

    loop.__name__ = "auto_assigner"
    return loop


def audit_pseudonymiser(*, clock: Clock, interval_s: float, retention_days: int, key: str) -> BackgroundTask:
    """Pseudonymise the actor of audit entries past retention (the entries themselves stay)."""
    async def loop(runtime: Runtime) -> None:
        async def step() -> int:
            async with runtime.require_pool().acquire() as conn:
                return await pseudonymise_expired_audit(PgAuditRetention(conn), clock=clock,
                                                        retention_days=retention_days, key=key)

        await every(interval_s, step, name="audit pseudonymiser", first_pass_at_once=True)

    loop.__name__ = "audit_pseudonymiser"
    return loop


def lagebild_folder(*, interval_s: float) -> BackgroundTask:
    """Fold the Lagebild rollups' delta rows (migration 0012) so the lead's view reads a few rows per key."""
    async def loop(runtime: Runtime) -> None:
        async def step() -> int:
            async with runtime.require_pool().acquire() as conn:
                return await fold_lagebild_deltas(PgLagebildRollups(conn))

        await every(interval_s, step, name="Lagebild folder", first_pass_at_once=True)

    loop.__name__ = "lagebild_folder"
    return loop


def case_gauges(*, metrics: AdvisoryMetrics, interval_s: float) -> BackgroundTask:
    """Copy the open cases per status and per advisor from the database into the gauges."""
    async def loop(runtime: Runtime) -> None:
        await every(interval_s, lambda: poll_case_gauges(runtime, metrics), name="open-case gauges",
                    first_pass_at_once=True)

    loop.__name__ = "case_gauges"
    return loop


async def poll_case_gauges(runtime: Runtime, metrics: AdvisoryMetrics) -> None:
    statuses = [s.value for s in OPEN_STATUSES]
    async with runtime.require_pool().acquire() as conn:
        by_status = await case_counts.open_by_status(conn, statuses)
        by_advisor = await case_counts.open_by_advisor(conn, statuses)
    metrics.set_open_cases(by_status)
    metrics.set_assigned_cases(by_advisor)
