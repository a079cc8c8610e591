"""A slow mail server must not slow intake, cause redeliveries or grow notification's memory without bound."""
from __future__ import annotations

import asyncio
import copy
import uuid
from collections.abc import Iterator

import httpx
import nats
import psutil
import pytest

from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig
from shared.messaging.streams import EVENTS_STREAM
from tests.support.waiting import eventually

from .test_enquiry_to_case import EXAMPLE

BURST = 60
SMTP_DELAY_S = 0.3  # a slow server: 60 messages take at least 18 s to accept


@pytest.fixture(scope="module")
def slow_mail_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    config = StackConfig(root=tmp_path_factory.mktemp("slowmail"), ports={s: free_port() for s in SERVICES},
                         smtp_delay_s=SMTP_DELAY_S,
                         service_env={"OUTBOX_POLL_INTERVAL_S": "0.5", "INTAKE_RATE_LIMIT": "100000/minute"})
    stack = Stack(config)
    stack.start_infrastructure()
    try:
        stack.start_services()
        yield stack
    finally:
        stack.stop()


def _body(n: int) -> dict:
    body = copy.deepcopy(EXAMPLE)
    tag = uuid.uuid4().hex[:10]
    body["company"].update(name=f"Backpressure {n}", register_number=f"HRB {tag}", vat_id=None,
                           website=f"https://{tag}.example")
    body["contact"]["email"] = f"bp-{tag}@example.com"
    return body


async def test_intake_accepts_a_burst_while_a_slow_mail_server_drains_without_redeliveries(slow_mail_stack) -> None:
    stack = slow_mail_stack
    notification = psutil.Process(stack.services["notification"].pid)
    rss_before = notification.memory_info().rss

    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as client:
        responses = await asyncio.gather(*(client.post("/api/v1/enquiries", json=_body(i)) for i in range(BURST)))
    assert [r.status_code for r in responses] == [202] * BURST
    sent_when_intake_done = len(list(stack.mail_dir.glob("*.eml")))
    # Intake finished accepting the whole burst long before the slow server could take the emails.
    assert sent_when_intake_done < BURST // 2

    async def all_sent() -> bool:
        return len(list(stack.mail_dir.glob("*.eml"))) >= BURST

    await eventually(all_sent, timeout=120, interval=0.5, what="every acknowledgement through the slow server")
    assert len(list(stack.mail_dir.glob("*.eml"))) == BURST

    nc = await nats.connect(stack.nats_url)
    try:
        info = await nc.jetstream().consumer_info(EVENTS_STREAM, "notification-enquiry-submitted")
    finally:
        await nc.close()
    assert info.num_redelivered == 0  # the slow server never made JetStream think a handler died
    growth_mb = (notification.memory_info().rss - rss_before) / 2**20
    assert growth_mb < 50, f"notification grew by {growth_mb:.1f} MB"
