"""Every process of the stack killed at once (kill -9) mid-load, then restarted: the pipeline settles within 30 s
of the restart, with the service defaults for the two waits a crash used to cost (SENDING_STALE_AFTER_S = 120 s
for an email interrupted mid-send, a 60 s ack wait for a message a dead consumer held).

What makes it fast: the notification dispatcher's lease (an email left in 'sending' by a dead dispatcher is taken
over once its lease lapsed, 15 s) and the 15 s ack wait (live consumers say "in progress" while they work). Nothing
is lost or duplicated; an email may be resent only with the same Message-ID (the documented SMTP window).
Writes test-artifacts/crash-settle.json."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

import asyncpg
import nats
import pytest

from devstack.stack import Stack
from shared.messaging.streams import EVENTS_STREAM
from tests.support.waiting import eventually

from .ledger import classify, new_attempt
from .rig import build_stack, observe, wait_settled
from .soak import drive_load

pytestmark = pytest.mark.e2e

SETTLE_LIMIT_S = 30.0
ENQUIRIES = 40


def kill_everything(stack: Stack) -> None:
    """SIGKILL to every process group of the stack in one sweep (no process gets to see another die), then reap."""
    assert stack.nats and stack.postgres and stack.smtp_sink
    children = [*stack.services.values(), stack.smtp_sink, stack.nats.proc, stack.postgres.proc]
    for child in children:
        if child.pid is not None:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    for child in children:
        child.stop()  # reaps the dead process and closes its log


async def in_doubt(stack: Stack) -> dict[str, int]:
    """What the crash left half done, read before the services come back."""
    conn = await asyncpg.connect(stack.database_url("notification"))
    try:
        sending = await conn.fetchval("SELECT count(*) FROM outbound_emails WHERE status = 'sending'")
    finally:
        await conn.close()
    nc = await nats.connect(stack.nats_url)
    try:
        held = sum(i.num_ack_pending for i in await nc.jetstream().consumers_info(EVENTS_STREAM))
    finally:
        await nc.close()
    return {"emails_sending": int(sending), "messages_ack_pending": int(held)}


async def test_the_whole_stack_killed_mid_load_settles_within_30_s_of_the_restart(tmp_path: Path) -> None:
    stack = build_stack(tmp_path / "stack")
    for default_restored in ("SENDING_STALE_AFTER_S", "CONSUMER_ACK_WAIT_S"):  # the rig shortens them; not here
        stack.config.service_env.pop(default_restored, None)
    # A slow mail server (1 s per message, 8 at once): some sends are always in flight when the kill comes.
    stack.config.smtp_delay_s = 1.0
    stack.config.service_env["SMTP_CONNECTIONS"] = "8"
    stack.config.service_env.update(json.loads(os.environ.get("CRASH_SETTLE_ENV", "{}")))  # to compare settings
    await asyncio.to_thread(stack.start_infrastructure)
    try:
        await asyncio.to_thread(stack.start_services)
        attempts = [new_attempt() for _ in range(ENQUIRIES)]
        load = asyncio.create_task(drive_load(stack, attempts, submitters=4, rate_per_s=8))
        await eventually(lambda: _async(len(list(stack.mail_dir.glob("*.eml"))) >= 4), timeout=60,
                         what="emails flowing before the crash")
        kill_everything(stack)
        restart = time.monotonic()
        # The load goes on: the submitters retry with their Idempotency-Key until intake answers again.
        assert stack.nats and stack.postgres and stack.smtp_sink
        await asyncio.to_thread(stack.nats.start)
        await asyncio.to_thread(stack.postgres.start)
        left = await in_doubt(stack)
        stack.smtp_sink.start()
        await asyncio.to_thread(stack.start_services)
        ready_s = time.monotonic() - restart
        await load
        await wait_settled(stack, timeout=90)
        settle_s = time.monotonic() - restart
        verdict = classify(attempts, await observe(stack))
    finally:
        await asyncio.to_thread(stack.stop)
    report = {"enquiries": ENQUIRIES, "left_in_doubt_by_the_crash": left, "services_ready_after_s": round(ready_s, 1),
              "settled_after_restart_s": round(settle_s, 1), "counts": dict(verdict.counts),
              "problems": verdict.problems[:20]}
    Path("test-artifacts").mkdir(exist_ok=True)  # noqa: ASYNC240 - once, after the run
    Path("test-artifacts/crash-settle.json").write_text(json.dumps(report, indent=2))  # noqa: ASYNC240 - ditto
    print(f"\ncrash settle: {json.dumps(report)}")
    assert not verdict.problems, verdict.problems
    assert verdict.counts["ok"] == ENQUIRIES and verdict.counts["dead_letters"] == 0, verdict
    assert settle_s <= SETTLE_LIMIT_S, report


async def _async(value):
    return value
