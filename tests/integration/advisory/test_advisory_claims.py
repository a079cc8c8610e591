"""Claim, unclaim, lead reassignment, auto-assignment, over HTTP against real PostgreSQL and NATS."""
from __future__ import annotations

import asyncio
import uuid

from services.advisory.adapters.accounts import Skills
from services.advisory.adapters.case_store import unit_of_work
from services.advisory.use_cases.auto_assign import auto_assign_waiting
from shared.clock import SystemClock
from shared.contracts import subjects

from .workbench_support import Workbench


async def test_a_case_seeded_by_events_is_in_the_queue_with_sla_timers(bench: Workbench) -> None:
    case = await bench.seed_case()
    assert case["status"] == "open" and case["sla_due_at"] > case["sla_warn_at"] > case["opened_at"]
    assert case["escalation_next_at"] == case["sla_warn_at"] and case["regierungsbezirk"] == "Düsseldorf"
    assert case["top_areas"] and case["priority_rank"] is not None
    advisor = await bench.login("anna@example.org")
    page = (await advisor.get("/api/v1/cases")).json()
    assert [c["id"] for c in page["items"]] == [str(case["id"])]


async def test_claim_then_unclaim_emit_events_and_timeline(bench: Workbench) -> None:
    case = await bench.seed_case()
    advisor = await bench.login("ben@example.org")
    r = await advisor.post(f"/api/v1/cases/{case['id']}/claim")
    assert r.status_code == 200 and r.json()["status"] == "claimed"
    claimed = await bench.outbox(subjects.CASE_CLAIMED)
    assert [e["payload"]["assigned_by"] for e in claimed] == ["self"]
    assert claimed[0]["correlation_id"] == case["reference"]
    r = await advisor.post(f"/api/v1/cases/{case['id']}/unclaim")
    assert r.status_code == 200 and r.json() == {**r.json(), "status": "open", "assignee": None}
    assert len(await bench.outbox(subjects.CASE_UNCLAIMED)) == 1
    assert (await bench.timeline_kinds(case["id"]))[-2:] == ["claimed", "unclaimed"]


async def test_second_claim_gets_409_problem_json(bench: Workbench) -> None:
    case = await bench.seed_case()
    first, second = await bench.login("c1@example.org"), await bench.login("c2@example.org")
    assert (await first.post(f"/api/v1/cases/{case['id']}/claim")).status_code == 200
    r = await second.post(f"/api/v1/cases/{case['id']}/claim")
    assert r.status_code == 409
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "already_claimed"
    # and only the holder (or a lead) can give it back
    assert (await second.post(f"/api/v1/cases/{case['id']}/unclaim")).status_code == 403


async def test_claim_race_exactly_one_winner_per_case(bench: Workbench) -> None:
    cases = await bench.seed_cases(10)
    advisors = [await bench.quick_client(f"racer{i}@example.org") for i in range(20)]
    calls = [a.post(f"/api/v1/cases/{c['id']}/claim") for c in cases for a in advisors]
    responses = await asyncio.gather(*calls)
    for i, _case in enumerate(cases):
        codes = sorted(r.status_code for r in responses[i * 20:(i + 1) * 20])
        assert codes == [200] + [409] * 19, codes
    rows = await bench.pool.fetch("SELECT assignee FROM cases WHERE id = ANY($1::uuid[])", [c["id"] for c in cases])
    assert all(r["assignee"] is not None for r in rows)
    assert len(await bench.outbox(subjects.CASE_CLAIMED)) == 10


async def test_lead_reassigns_advisor_cannot(bench: Workbench) -> None:
    case = await bench.seed_case()
    holder = await bench.login("holder@example.org")
    other_id = await bench.user("other@example.org")
    lead = await bench.login("lead@example.org", role="lead")
    await holder.post(f"/api/v1/cases/{case['id']}/claim")
    assert (await holder.post(f"/api/v1/cases/{case['id']}/assign",
                              json={"assignee_id": str(other_id)})).status_code == 403
    r = await lead.post(f"/api/v1/cases/{case['id']}/assign", json={"assignee_id": str(other_id)})
    assert r.status_code == 200 and r.json()["assignee"] == str(other_id)
    assert [e["payload"]["assigned_by"] for e in await bench.outbox(subjects.CASE_CLAIMED)] == ["self", "lead"]


async def test_auto_assignment_round_robin_by_skills_language_capacity_and_absence(bench: Workbench) -> None:
    areas = ("CA01", "CA02", "CA03", "CA04", "CA09", "CA11", "CA12")
    a = await bench.user("auto-a@example.org", skills=Skills(areas=areas, languages=("de",), capacity=5))
    b = await bench.user("auto-b@example.org", skills=Skills(areas=areas, languages=("de",), capacity=1))
    await bench.user("english-only@example.org", skills=Skills(areas=areas, languages=("en",), capacity=9))
    await bench.user("wrong-areas@example.org", skills=Skills(areas=("CA13",), languages=("de",), capacity=9))
    await bench.pool.execute("INSERT INTO advisors (id, email, name, role, password_hash, areas, languages, capacity,"
                             " absent_from, absent_until) VALUES ($1, 'away@example.org', 'Away', 'advisor', 'x',"
                             " $2, '{de}', 9, current_date - 1, current_date + 1)", uuid.uuid4(), list(areas))
    owners = [c["id"] for c in await bench.seed_cases(3)]
    # Concurrent openings skip an advisor another opening has locked; the background pass assigns the rest.
    async with unit_of_work(bench.pool) as uow:
        await auto_assign_waiting(uow, clock=SystemClock())
    rows = {r["id"]: r["assignee"] for r in await bench.pool.fetch(
        "SELECT id, assignee FROM cases WHERE id = ANY($1::uuid[])", owners)}
    # round-robin: a, then b (never assigned before) – b is full after one case, so the third goes to a
    assert sorted(str(v) for v in rows.values()) == sorted([str(a), str(a), str(b)])
    events = await bench.outbox(subjects.CASE_CLAIMED)
    assert {e["payload"]["assigned_by"] for e in events} == {"auto"}
