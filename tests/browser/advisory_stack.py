"""advisory alone as a process, on its own nats-server and a fresh database, with one lead; and the axe check.

Its own nats-server because advisory's durable names are fixed: on a shared server another copy would take its
events. (The workbench and hostile-name tests build the same by hand; they can move here.)
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import nats

from devstack.stack import Stack
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import EnquirySubmittedV1
from tests.integration.advisory.workbench_support import assessment_of
from tests.support.infra import Servers
from tests.support.waiting import eventually

from .journey_support import platform_stack


@contextlib.contextmanager
def advisory_stack(servers: Servers, root: Path, *, name: str,
                   lead: tuple[str, str]) -> Iterator[tuple[Stack, str, str]]:
    """(stack, its nats url, advisory's dsn) with a lead `(email, password)`; stopped on exit."""
    with platform_stack(servers, root, name=name, services=("advisory",)) as platform:
        platform.stack.create_advisor(email=lead[0], name="Lea Lead", role="lead", password=lead[1])
        yield platform.stack, platform.stack.nats_url, platform.dsns["advisory"]


async def publish_cases(nats_url: str, dsn: str, enquiries: list[EnquirySubmittedV1]) -> None:
    """Publish each enquiry's assessment (it carries the enquiry, ADR 14); wait until advisory opened them all."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for e in enquiries:
            for subject, payload in ((subjects.ASSESSMENT_COMPLETED, assessment_of(e)),):
                env = new_envelope(payload, subject=subject, producer="test", correlation_id=e.reference)
                await js.publish(subject, env.model_dump_json().encode(), headers={"Nats-Msg-Id": str(env.event_id)})
    finally:
        await nc.close()
    conn = await asyncpg.connect(dsn)
    try:
        async def all_open() -> bool:
            return await conn.fetchval("SELECT count(*) FROM cases WHERE status = 'open'") == len(enquiries)
        await eventually(all_open, timeout=30, what="cases opened")
    finally:
        await conn.close()


def no_axe_violations(page, where: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{where}: {results.generate_report()}"
