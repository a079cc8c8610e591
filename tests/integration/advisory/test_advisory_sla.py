"""SLA escalations: stored timers, DB clock, SKIP LOCKED, each level once per case and period, across restarts."""
from __future__ import annotations

import asyncio

import asyncpg

from services.advisory.adapters.case_store import unit_of_work
from services.advisory.use_cases.escalate_sla import fire_due_escalations as fire_on
from shared.clock import SystemClock
from shared.contracts import subjects
from tests.support.waiting import eventually

from .workbench_support import BASE_URL, Workbench, running_workbench


async def fire_due_escalations(pool: asyncpg.Pool, *, ui_base_url: str) -> int:
    async with unit_of_work(pool) as uow:
        return await fire_on(uow, clock=SystemClock(), ui_base_url=ui_base_url)


async def _make_due(bench: Workbench, case_id, *, warn: bool, due: bool) -> None:
    await bench.pool.execute(
        "UPDATE cases SET sla_warn_at = CASE WHEN $2 THEN now() - interval '1 minute' ELSE sla_warn_at END,"
        " sla_due_at = CASE WHEN $3 THEN now() - interval '1 second' ELSE sla_due_at END,"
        " escalation_next_at = now() - interval '1 second' WHERE id = $1", case_id, warn, due)


async def test_warning_then_breach_fire_once_each_to_the_team_leads(bench: Workbench) -> None:
    await bench.user("teamlead@example.org", role="lead", name="Team Lead")
    await bench.user("otherteam@example.org", role="lead", team="east")
    case = await bench.seed_case()
    advisor = await bench.login("sla-advisor@example.org")
    await advisor.post(f"/api/v1/cases/{case['id']}/claim")
    await _make_due(bench, case["id"], warn=True, due=False)
    fired = await asyncio.gather(*(fire_due_escalations(bench.pool, ui_base_url=BASE_URL) for _ in range(4)))
    assert sum(fired) == 1
    [warning] = await bench.outbox(subjects.CASE_ESCALATED)
    payload = warning["payload"]
    assert payload["level"] == "warning" and payload["case_url"] == f"{BASE_URL}/cases/{case['id']}"
    assert [lead["email"] for lead in payload["leads"]] == ["teamlead@example.org"]
    row = await bench.pool.fetchrow("SELECT sla_due_at, escalation_next_at FROM cases WHERE id = $1", case["id"])
    assert row["escalation_next_at"] == row["sla_due_at"]
    await _make_due(bench, case["id"], warn=False, due=True)
    assert await fire_due_escalations(bench.pool, ui_base_url=BASE_URL) == 1
    assert await fire_due_escalations(bench.pool, ui_base_url=BASE_URL) == 0
    levels = [e["payload"]["level"] for e in await bench.outbox(subjects.CASE_ESCALATED)]
    assert levels == ["warning", "breach"]
    assert await bench.pool.fetchval("SELECT escalation_next_at FROM cases WHERE id = $1", case["id"]) is None
    # even if the timer were set again, the same period does not fire twice
    await _make_due(bench, case["id"], warn=True, due=True)
    assert await fire_due_escalations(bench.pool, ui_base_url=BASE_URL) == 0


async def test_paused_case_does_not_escalate(bench: Workbench) -> None:
    await bench.user("pause-lead@example.org", role="lead")
    case = await bench.seed_case()
    advisor = await bench.login("pause@example.org")
    await advisor.post(f"/api/v1/cases/{case['id']}/claim")
    await advisor.post(f"/api/v1/cases/{case['id']}/info-requests",
                       json={"question": "Zertifikat?", "respond_by": "2099-01-01"})
    await _make_due(bench, case["id"], warn=True, due=True)
    assert await fire_due_escalations(bench.pool, ui_base_url=BASE_URL) == 0
    assert await bench.outbox(subjects.CASE_ESCALATED) == []


async def test_timers_survive_a_restart_and_the_background_poller_fires(fresh_db: str, advisory_nats: str) -> None:
    async with running_workbench(fresh_db, advisory_nats) as first:
        await first.user("restart-lead@example.org", role="lead")
        case = await first.seed_case()
        await _make_due(first, case["id"], warn=False, due=True)
        assert await first.outbox(subjects.CASE_ESCALATED) == []
    async with running_workbench(fresh_db, advisory_nats, sla_poll_interval_s=0.1) as second:
        events = await eventually(lambda: second.outbox(subjects.CASE_ESCALATED), what="breach after restart")
        assert [e["payload"]["level"] for e in events] == ["breach"]
        assert "escalated" in await second.timeline_kinds(case["id"])
