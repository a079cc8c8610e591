"""Wakes the dispatcher when an email is queued (LISTEN outbound_email), instead of waiting for its next beat."""
from __future__ import annotations

import asyncio

import asyncpg

from shared.waiting import wait_for_wake


class EmailQueueWakeup:
    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._woken = asyncio.Event()
        self._listener: asyncpg.Connection | None = None

    async def listen(self) -> None:
        """(Re)connect the listener; LISTEN needs its own connection, a pooled one loses it when released."""
        if self._listener is not None and not self._listener.is_closed():
            return
        self._listener = await asyncpg.connect(self._dsn)
        await self._listener.add_listener("outbound_email", lambda *_: self._woken.set())

    async def wait(self, timeout_s: float) -> None:
        """Until an email is queued or `timeout_s` passed."""
        await wait_for_wake(self._woken, timeout_s)
        self._woken.clear()

    async def close(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            await self._listener.close()
