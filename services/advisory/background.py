"""Background loops of the advisory process: SLA escalations and auto-assignment. Both survive restarts
because their state is in the database; both keep running whatever a single pass raises."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from shared.service import Runtime

from .actions.claims import auto_assign_waiting
from .actions.sla import fire_due_escalations
from .settings import AdvisorySettings

log = logging.getLogger(__name__)


async def _every(seconds: float, what: str, step: Callable[[], Awaitable[int]]) -> None:
    while True:
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("%s pass failed; next pass as scheduled", what, exc_info=True)
        await asyncio.sleep(seconds)


async def sla_poller(runtime: Runtime) -> None:
    settings: AdvisorySettings = runtime.settings  # type: ignore[assignment]
    await _every(settings.sla_poll_interval_s, "SLA poller",
                 lambda: fire_due_escalations(runtime.require_pool(), ui_base_url=settings.ui_url))


async def auto_assigner(runtime: Runtime) -> None:
    settings: AdvisorySettings = runtime.settings  # type: ignore[assignment]
    await _every(settings.auto_assign_interval_s, "auto-assignment",
                 lambda: auto_assign_waiting(runtime.require_pool()))
