"""advisory's business metrics move for committed changes only, read from the app's own registry."""
from __future__ import annotations

import uuid

import pytest

from services.advisory.adapters.accounts import Skills
from services.advisory.adapters.case_store import PgUnitOfWork
from services.advisory.domain.rules import Actor
from services.advisory.use_cases.claim import claim
from services.advisory.use_cases.facts import FirstClaim, counting
from shared.clock import SystemClock
from shared.contracts import subjects
from tests.support.waiting import eventually

from .workbench_support import BASE_URL, Workbench, running_workbench


def metric(bench: Workbench, name: str, **labels: str) -> float:
    value = bench.app.state.runtime.metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def stage_count(bench: Workbench, stage: str) -> float:
    return metric(bench, "advisory_stage_duration_seconds_count", stage=stage)


def _token(url: str) -> str:
    return url.split("token=")[1].split("&")[0]


async def test_opening_first_claim_introductions_and_answers_move_counters_and_stages(bench: Workbench) -> None:
    case = await bench.seed_case()
    assert metric(bench, "advisory_cases_opened_total") == 1 and stage_count(bench, "assessment") == 1
    advisor = await bench.login("metrics-advisor@example.org")
    other = await bench.login("metrics-other@example.org")
    assert (await advisor.post(f"/api/v1/cases/{case['id']}/claim")).status_code == 200
    assert metric(bench, "advisory_cases_claimed_total") == 1 and stage_count(bench, "queue") == 1
    # Refused (409) and repeated claims of the same case count nothing: only the first claim per case.
    assert (await other.post(f"/api/v1/cases/{case['id']}/claim")).status_code == 409
    assert (await advisor.post(f"/api/v1/cases/{case['id']}/unclaim")).status_code == 200
    assert (await advisor.post(f"/api/v1/cases/{case['id']}/claim")).status_code == 200
    assert metric(bench, "advisory_cases_claimed_total") == 1 and stage_count(bench, "queue") == 1

    r = await advisor.post(f"/api/v1/cases/{case['id']}/introductions",
                           json={"partner_ids": ["defence-nrw", "aerospace-nrw"]})
    assert r.status_code == 201, r.text
    assert metric(bench, "advisory_introductions_total", outcome="sent") == 2 and stage_count(bench, "work") == 1

    declined, accepted = (await bench.outbox(subjects.INTRODUCTION_APPROVED))[0]["payload"]["partners"]
    r = await advisor.post(f"/introductions/{declined['introduction_id']}", data={
        "token": _token(declined["decline_url"]), "answer": "decline", "reason": "Kein Bedarf"})
    assert r.status_code == 200
    r = await advisor.post(f"/introductions/{accepted['introduction_id']}",
                           data={"token": _token(accepted["accept_url"]), "answer": "accept"})
    assert r.status_code == 200
    again = await advisor.post(f"/introductions/{accepted['introduction_id']}",
                               data={"token": _token(accepted["accept_url"]), "answer": "accept"})
    assert again.status_code == 409
    assert metric(bench, "advisory_introductions_total", outcome="declined") == 1
    assert metric(bench, "advisory_introductions_total", outcome="accepted") == 1
    assert stage_count(bench, "introduction") == 2
    # A second round of introductions is not the case's first: the work stage was observed once.
    r = await advisor.post(f"/api/v1/cases/{case['id']}/introductions", json={"partner_ids": ["defence-nrw"]})
    assert r.status_code == 201, r.text
    assert metric(bench, "advisory_introductions_total", outcome="sent") == 3 and stage_count(bench, "work") == 1
    # Durations come from the stored timestamps: all of this took seconds, not hours.
    assert metric(bench, "advisory_stage_duration_seconds_bucket", stage="queue", le="60.0") == 1


async def test_auto_assignment_on_opening_is_the_first_claim(bench: Workbench) -> None:
    areas = ("CA01", "CA02", "CA03", "CA04", "CA09", "CA11", "CA12")
    await bench.user("metrics-auto@example.org", skills=Skills(areas=areas, languages=("de",), capacity=5))
    case = await bench.seed_case()
    assert await bench.pool.fetchval("SELECT assignee FROM cases WHERE id = $1", case["id"]) is not None
    assert metric(bench, "advisory_cases_opened_total") == 1
    assert metric(bench, "advisory_cases_claimed_total") == 1 and stage_count(bench, "queue") == 1


async def test_a_rolled_back_claim_reports_nothing_and_the_committed_one_does(bench: Workbench) -> None:
    case = await bench.seed_case()
    advisor_id = await bench.user("metrics-rollback@example.org")
    actor = Actor(id=advisor_id, name="metrics-rollback", role="advisor")
    reported: list[object] = []
    with counting(reported.extend):
        async with bench.pool.acquire() as conn:
            uow = PgUnitOfWork(conn)
            with pytest.raises(RuntimeError):
                async with uow.transaction():
                    await claim(uow, case_id=case["id"], actor=actor, clock=SystemClock())
                    raise RuntimeError("crash before COMMIT")
            assert reported == []
            assert await conn.fetchval("SELECT first_claimed_at FROM cases WHERE id = $1", case["id"]) is None
            await claim(uow, case_id=case["id"], actor=actor, clock=SystemClock())
    assert len(reported) == 1 and isinstance(reported[0], FirstClaim)


async def test_background_sla_breach_and_polled_gauges(fresh_db: str, advisory_nats: str) -> None:
    async with running_workbench(fresh_db, advisory_nats, sla_poll_interval_s=0.1,
                                 metrics_poll_interval_s=0.1) as bench:
        await bench.user("metrics-lead@example.org", role="lead")
        claimed, waiting = await bench.seed_cases(2)
        advisor = await bench.login("metrics-gauge@example.org")
        assert (await advisor.post(f"/api/v1/cases/{claimed['id']}/claim")).status_code == 200
        advisor_id = await bench.pool.fetchval("SELECT id FROM advisors WHERE email = 'metrics-gauge@example.org'")

        async def gauges() -> bool:
            return (metric(bench, "advisory_cases_open", status="open") == 1
                    and metric(bench, "advisory_cases_open", status="claimed") == 1
                    and metric(bench, "advisory_cases_assigned", advisor=uuid.UUID(str(advisor_id)).hex[:8]) == 1)
        await eventually(gauges, what="open-case gauges polled from the database")
        text = (await advisor.get(f"{BASE_URL}/metrics")).text
        assert "metrics-gauge" not in text and "@example.org" not in text  # the short id, never name or email

        # Breached before the warning went out: one breach is raised (the warning is pointless by then).
        await bench.pool.execute(
            "UPDATE cases SET sla_warn_at = now() - interval '2 minutes', sla_due_at = now() - interval '1 minute',"
            " escalation_next_at = now() - interval '1 second' WHERE id = $1", waiting["id"])

        async def breached() -> bool:
            return metric(bench, "advisory_sla_events_total", level="breach") == 1
        await eventually(breached, what="breach counted by the background SLA poller")
        assert metric(bench, "advisory_sla_events_total", level="warning") == 0
        assert [e["payload"]["level"] for e in await bench.outbox(subjects.CASE_ESCALATED)] == ["breach"]
