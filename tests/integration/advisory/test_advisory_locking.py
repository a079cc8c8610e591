"""Row locks on a case serialise decisions on it, and nothing else (real PostgreSQL)."""
from __future__ import annotations

import asyncio

from services.advisory.adapters.case_store import PgCaseStore

from .workbench_support import Workbench


async def test_a_decision_holding_its_case_does_not_hold_up_facts_recorded_for_the_case(bench: Workbench) -> None:
    # A decision locks the case row until it commits. A consumer that only adds to the case's timeline (an email
    # was sent) must not wait for that: its foreign-key check takes a key-share lock, which FOR UPDATE would
    # block and FOR NO KEY UPDATE does not (such waits slowed the case path; docs/performance.md).
    case = await bench.seed_case()
    async with bench.pool.acquire() as decision, decision.transaction():
        await PgCaseStore(decision).lock_case(case["id"])
        async with bench.pool.acquire() as consumer, consumer.transaction():
            await asyncio.wait_for(PgCaseStore(consumer).add_timeline(
                case_id=case["id"], kind="email_sent", event_id=None, data={"template": "acknowledgement"}), timeout=5)
    assert (await bench.timeline_kinds(case["id"]))[-1] == "email_sent"
