"""notification's background loop: the email dispatcher, woken by NOTIFY with a polling beat as fallback."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

import asyncpg

from shared.service import BackgroundTask, Runtime

from ..adapters.wakeup import EmailQueueWakeup
from ..dependencies import NotificationDependencies
from ..use_cases.dispatch import dispatch_due_emails
from ..use_cases.ports import DispatcherLease, EmailSender, OutboundEmails, Renderer
from ..use_cases.report_backlog import report_backlog

log = logging.getLogger(__name__)


def email_dispatcher(*, deps: NotificationDependencies, emails: Callable[[asyncpg.Pool], OutboundEmails],
                     sender: EmailSender, render: Renderer, wakeup: EmailQueueWakeup,
                     lease: Callable[[asyncpg.Pool], DispatcherLease]) -> BackgroundTask:
    settings = deps.settings

    async def dispatch_emails(runtime: Runtime) -> None:
        outbound = emails(runtime.require_pool())
        own_lease = lease(runtime.require_pool())
        gauges_due = 0.0
        leased = False
        # The lease exists before the first claim, and is renewed by its own task: a slow send must not let it lapse.
        heartbeat = asyncio.create_task(_renew_forever(own_lease, settings.dispatcher_lease_s / 5),
                                        name="dispatcher-lease")
        try:
            while True:
                try:
                    if not leased:
                        await own_lease.renew()
                        leased = True
                    await wakeup.listen()
                    while await dispatch_due_emails(outbound, sender=sender, render=render, policy=deps.delivery,
                                                    metrics=deps.metrics, clock=deps.clock) == deps.delivery.batch:
                        pass
                    if time.monotonic() >= gauges_due:
                        # Counting the delivery log on every NOTIFY would cost more than the sending under load.
                        await report_backlog(outbound, metrics=deps.metrics)
                        gauges_due = time.monotonic() + settings.gauge_refresh_s
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.warning("dispatch pass failed", exc_info=True)
                await wakeup.wait(settings.dispatch_poll_s)
        finally:
            heartbeat.cancel()
            await sender.close()
            await wakeup.close()
            with contextlib.suppress(Exception):
                await own_lease.retire()

    return dispatch_emails


async def _renew_forever(lease: DispatcherLease, interval_s: float) -> None:
    while True:
        await asyncio.sleep(interval_s)
        try:
            await lease.renew()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("dispatcher lease not renewed", exc_info=True)
