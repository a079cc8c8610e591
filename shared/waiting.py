"""Waiting for a wake-up with a time limit, in loops that must stop when cancelled."""
from __future__ import annotations

import asyncio
import contextlib


async def wait_for_wake(event: asyncio.Event, timeout_s: float) -> None:
    """Return when `event` is set or after `timeout_s`, whichever comes first.

    Not `asyncio.wait_for(event.wait(), timeout)`: in Python 3.11 that swallows a cancellation arriving while the
    event is being set, so a `while True` loop around it ignored its shutdown and hung the service's stop (seen in
    the test suite). `asyncio.timeout` accounts for the cancellation correctly.
    """
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout_s):
            await event.wait()
