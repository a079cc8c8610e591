"""GDPR erasure: a canary company's personal data is gone from every database and from the event stream."""
from __future__ import annotations

import uuid

import asyncpg
import httpx
import nats

from devstack.stack import SERVICES
from shared.messaging.streams import EVENTS_STREAM
from tests.support.waiting import eventually

from .conftest import ADVISOR_EMAIL, ADVISOR_PASSWORD, OPERATOR_TOKEN, mail_files
from .test_enquiry_to_case import unique_example

TEXT_TYPES = ("text", "character varying", "jsonb", "json", "bytea", "ARRAY")


async def canary_hits(dsn: str, canary: str) -> list[str]:
    """Every table.column of the database whose value contains the canary."""
    conn = await asyncpg.connect(dsn)
    try:
        columns = await conn.fetch(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'public' AND data_type = ANY($1::text[])", list(TEXT_TYPES))
        hits = []
        for c in columns:
            expr = (f'convert_from("{c["column_name"]}", \'UTF8\')' if c["data_type"] == "bytea"
                    else f'"{c["column_name"]}"::text')
            n = await conn.fetchval(f'SELECT count(*) FROM "{c["table_name"]}" WHERE {expr} ILIKE $1', f"%{canary}%")
            if n:
                hits.append(f"{c['table_name']}.{c['column_name']} ({n})")
        return hits
    finally:
        await conn.close()


async def stream_hits(nats_url: str, canary: str) -> int:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        info = await js.stream_info(EVENTS_STREAM)
        hits = 0
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            try:
                msg = await js.get_msg(EVENTS_STREAM, seq)
            except nats.js.errors.NotFoundError:
                continue
            hits += canary.lower() in msg.data.decode(errors="replace").lower()
        return hits
    finally:
        await nc.close()


async def test_erasure_removes_the_canary_from_every_database_and_the_stream(stack) -> None:
    canary = f"Kanarienvogel{uuid.uuid4().hex[:8]}"
    body = unique_example()
    body["company"]["name"] = f"{canary} GmbH"
    body["contact"].update(name=f"Dr. {canary}", email=f"{canary.lower()}@example.com")
    body["message"] = f"Bitte rufen Sie {canary} zurück."
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as intake:
        accepted = (await intake.post("/api/v1/enquiries", json=body)).json()
    advisor = httpx.AsyncClient(base_url=stack.url("advisory"), timeout=10)
    await advisor.post("/api/v1/session", json={"email": ADVISOR_EMAIL, "password": ADVISOR_PASSWORD})

    async def case_open() -> bool:
        page = (await advisor.get("/api/v1/cases", params={"limit": 200})).json()
        return any(c["enquiry_id"] == accepted["enquiry_id"] for c in page["items"])

    await eventually(case_open, timeout=30, what="case opened")
    await eventually(lambda: _mailed(stack, canary), timeout=30, what="acknowledgement sent")
    assert await canary_hits(stack.database_url("advisory"), canary)  # the probe finds it before erasure

    operator = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as intake:
        unauthenticated = await intake.post("/api/v1/erasure-requests", json={"reference": accepted["reference"]})
        assert unauthenticated.status_code == 401
        r = await intake.post("/api/v1/erasure-requests", json={"reference": accepted["reference"]}, headers=operator)
        assert r.status_code == 202, r.text
        request_id = r.json()["request_id"]

        async def completed() -> dict | None:
            view = (await intake.get(f"/api/v1/erasure-requests/{request_id}", headers=operator)).json()
            return view if view["completed_at"] else None

        view = await eventually(completed, timeout=60, what="erasure completed by every service")
    assert sorted(view["services_done"]) == ["advisory", "assessment", "notification"]
    for service in SERVICES:
        assert await canary_hits(stack.database_url(service), canary) == [], service
    assert await stream_hits(stack.nats_url, canary) == 0
    for log in stack.log_dir.glob("*.log"):
        assert canary.lower() not in log.read_text(errors="replace").lower(), log.name
    await advisor.aclose()


async def _mailed(stack, canary: str) -> bool:
    return any(canary.lower() in p.read_text(errors="replace").lower() for p in mail_files(stack))
