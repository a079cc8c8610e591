"""Every event of an enquiry delivered three times produces each effect once, across all four services."""
from __future__ import annotations

import json
import uuid

import asyncpg
import httpx
import nats

from shared.messaging.streams import EVENTS_STREAM
from tests.chaos.rig import wait_settled
from tests.support.waiting import eventually

from .conftest import mail_files
from .test_enquiry_to_case import unique_example


async def _effects(stack, enquiry_id: str, email: str) -> dict:
    async def one(service: str, query: str) -> int:
        conn = await asyncpg.connect(stack.database_url(service))
        try:
            return await conn.fetchval(query, uuid.UUID(enquiry_id))
        finally:
            await conn.close()

    return {
        "cases": await one("advisory", "SELECT count(*) FROM cases WHERE enquiry_id = $1"),
        "timeline": await one("advisory", "SELECT count(*) FROM case_timeline t JOIN cases c ON c.id = t.case_id"
                                          " WHERE c.enquiry_id = $1"),
        "assessments": await one("assessment", "SELECT count(*) FROM assessments WHERE enquiry_id = $1"),
        "emails": await one("notification", "SELECT count(*) FROM outbound_emails WHERE enquiry_id = $1"),
        "status_changes": await one("intake", "SELECT count(*) FROM enquiry_status_history WHERE enquiry_id = $1"),
        "delivered": sum(email in p.read_text(errors="replace") for p in mail_files(stack)),
    }


async def test_each_event_delivered_three_times_has_one_effect(stack) -> None:
    body = unique_example()
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as intake:
        accepted = (await intake.post("/api/v1/enquiries", json=body)).json()
    email = body["contact"]["email"]

    async def flowed() -> dict | None:
        e = await _effects(stack, accepted["enquiry_id"], email)
        return e if e["cases"] and e["delivered"] and e["timeline"] >= 4 else None

    await eventually(flowed, timeout=30, what="enquiry through the whole flow")
    await wait_settled(stack, timeout=30)
    before = await _effects(stack, accepted["enquiry_id"], email)

    nc = await nats.connect(stack.nats_url)
    js = nc.jetstream()
    info = await js.stream_info(EVENTS_STREAM)
    ours = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        try:
            msg = await js.get_msg(EVENTS_STREAM, seq)
        except nats.js.errors.NotFoundError:
            continue
        if json.loads(msg.data).get("correlation_id") == accepted["reference"]:
            ours.append(msg)
    assert {json.loads(m.data)["event_type"] for m in ours} >= {
        "intake.enquiry.submitted", "assessment.assessment.completed", "advisory.case.opened",
        "notification.message.sent"}
    for msg in ours:
        for copy in range(2):  # a new Nats-Msg-Id each time, so JetStream stores and delivers every copy
            await js.publish(msg.subject, msg.data, headers={"Nats-Msg-Id": f"dup-{copy}-{uuid.uuid4()}"})
    await nc.close()

    await wait_settled(stack, timeout=60)
    assert await _effects(stack, accepted["enquiry_id"], email) == before
