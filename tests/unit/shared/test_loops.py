"""The background beat: a pass that raises is logged and the loop goes on; cancellation ends it."""
from __future__ import annotations

import asyncio
import contextlib

from shared.loops import every


async def test_a_failed_pass_does_not_end_the_loop_and_cancel_does() -> None:
    passes: list[int] = []
    second_pass = asyncio.Event()

    async def one_pass() -> None:
        passes.append(len(passes) + 1)
        if len(passes) == 1:
            raise RuntimeError("database away")
        second_pass.set()

    loop = asyncio.create_task(every(0.001, one_pass, name="test loop", first_pass_at_once=True))
    await asyncio.wait_for(second_pass.wait(), timeout=5)
    loop.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await loop
    assert loop.cancelled() and passes[:2] == [1, 2]
