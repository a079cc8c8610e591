"""Background loops of the advisory process: SLA escalations, auto-assignment and the open-case gauges. All
survive restarts because their state is in the database; all keep running whatever a single pass raises."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from shared.service import BackgroundTask, Runtime

from .actions.claims import auto_assign_waiting
from .actions.decisions import OPEN_STATUSES
from .actions.facts import counting
from .actions.sla import fire_due_escalations
from .adapters import case_counts
from .metrics import AdvisoryMetrics
from .settings import AdvisorySettings

log = logging.getLogger(__name__)


async def _every(seconds: float, what: str, step: Callable[[], Awaitable[object]]) -> None:
    while True:
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("%s pass failed; next pass as scheduled", what, exc_info=True)
        await asyncio.sleep(seconds)


def background_tasks(metrics: AdvisoryMetrics) -> list[BackgroundTask]:
    """The loops, each counting what its committed passes did on `metrics`."""

    async def sla_poller(runtime: Runtime) -> None:
        settings: AdvisorySettings = runtime.settings  # type: ignore[assignment]
        with counting(metrics.record):
            await _every(settings.sla_poll_interval_s, "SLA poller",
                         lambda: fire_due_escalations(runtime.require_pool(), ui_base_url=settings.ui_url))

    async def auto_assigner(runtime: Runtime) -> None:
        settings: AdvisorySettings = runtime.settings  # type: ignore[assignment]
        with counting(metrics.record):
            await _every(settings.auto_assign_interval_s, "auto-assignment",
                         lambda: auto_assign_waiting(runtime.require_pool()))

    async def case_gauges(runtime: Runtime) -> None:
        await _every(runtime.settings.metrics_poll_interval_s, "open-case gauges",
                     lambda: poll_case_gauges(runtime, metrics))

    return [sla_poller, auto_assigner, case_gauges]


async def poll_case_gauges(runtime: Runtime, metrics: AdvisoryMetrics) -> None:
    statuses = [s.value for s in OPEN_STATUSES]
    async with runtime.require_pool().acquire() as conn:
        by_status = await case_counts.open_by_status(conn, statuses)
        by_advisor = await case_counts.open_by_advisor(conn, statuses)
    metrics.set_open_cases(by_status)
    metrics.set_assigned_cases(by_advisor)
