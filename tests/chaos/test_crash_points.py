"""Crash matrix: kill -9 a service at each named crash point (between a write and the next publish or ack),
let it restart without the crash point, and prove nothing was lost or done twice."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from devstack.stack import Stack

from .ledger import classify, new_attempt
from .rig import Supervisor, build_stack, observe, wait_settled
from .soak import enquiry_body, submit

pytestmark = pytest.mark.e2e

# (service that crashes, crash point). Consumer points exist for every durable:
# consumer.<durable>.before_commit / consumer.<durable>.after_commit_before_ack.
CRASH_POINTS = [
    ("intake", "intake.after_commit_before_response"),
    ("intake", "relay.after_publish_before_mark"),
    ("assessment", "consumer.assessment-enquiry-submitted.before_commit"),
    ("assessment", "consumer.assessment-enquiry-submitted.after_commit_before_ack"),
    ("assessment", "relay.after_publish_before_mark"),
    ("advisory", "consumer.advisory-assessment-completed.before_commit"),
    ("advisory", "consumer.advisory-assessment-completed.after_commit_before_ack"),
    ("advisory", "relay.after_publish_before_mark"),
    ("intake", "consumer.intake-case-opened.after_commit_before_ack"),
    ("notification", "consumer.notification-enquiry-submitted.after_commit_before_ack"),
    ("notification", "notification.before_smtp"),
    ("notification", "notification.after_smtp_before_commit"),
]


class Rig:
    def __init__(self, stack: Stack, supervisor: Supervisor) -> None:
        self.stack = stack
        self.supervisor = supervisor


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def rig(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Rig]:
    stack = build_stack(tmp_path_factory.mktemp("crash"), service_env={"SENDING_STALE_AFTER_S": "4"})
    await asyncio.to_thread(stack.start_infrastructure)
    supervisor = Supervisor(stack, pause_s=0.2)
    try:
        await asyncio.to_thread(stack.start_services)
        supervisor.start()
        yield Rig(stack, supervisor)
    finally:
        supervisor.stop()
        await asyncio.to_thread(stack.stop)


@pytest.mark.parametrize(("service", "point"), CRASH_POINTS, ids=[f"{s}:{p}" for s, p in CRASH_POINTS])
async def test_recovers_from_a_crash_at(rig: Rig, service: str, point: str, tmp_path: Path) -> None:
    stack = rig.stack
    # Restart the service armed with the crash point; the supervisor restarts it unarmed after the kill.
    rig.supervisor.held.add(service)
    try:
        stack.services[service].stop()
        stack.start_service(service, extra_env={"FAILPOINTS": f"{point}=kill@1"})
        await asyncio.to_thread(stack.wait_ready, service)
    finally:
        restarts_before = rig.supervisor.restarts
        rig.supervisor.held.discard(service)
    attempts = [new_attempt() for _ in range(3)]
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as client:
        for i, a in enumerate(attempts):
            await submit(client, a, enquiry_body(a, i))
    await wait_settled(stack, timeout=60)
    assert rig.supervisor.restarts > restarts_before, f"crash point {point} never fired"
    seen = await observe(stack)
    verdict = classify(attempts, seen)
    assert verdict.counts["ok"] == len(attempts), verdict
    assert not verdict.problems, verdict.problems
    assert seen.dead_letters == 0
    if point != "notification.after_smtp_before_commit":
        assert verdict.counts["email_redeliveries"] == 0
