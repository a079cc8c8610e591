"""The beat every background loop runs on: one pass per interval, a failed pass logged and tried again."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def every(interval_s: float, one_pass: Callable[[], Awaitable[object]], *, name: str,
                first_pass_at_once: bool) -> None:
    """Run `one_pass` every `interval_s` until cancelled. A pass that raises is logged and the next runs as
    scheduled: loops keep their state in the database, so a later pass picks up what a failed one left."""
    if not first_pass_at_once:
        await asyncio.sleep(interval_s)
    while True:
        try:
            await one_pass()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("%s pass failed; next pass as scheduled", name, exc_info=True)
        await asyncio.sleep(interval_s)
