"""intake in-process (real lifespan: pool, migrations, broker, relay) against the session's real servers."""
from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest_asyncio
from fastapi import FastAPI

from services.intake.app import create_app
from services.intake.entrypoints.subscriptions import SUBSCRIPTIONS
from shared.messaging.streams import EVENTS_STREAM
from tests.integration.shared.helpers import jetstream
from services.intake.settings import IntakeSettings
from tests.support.infra import Servers

EXAMPLE = json.loads((Path(__file__).parents[3] / "examples" / "enquiry.json").read_text())


def unique_enquiry(**company: Any) -> dict[str, Any]:
    """The example enquiry with identity keys no other test uses."""
    body = copy.deepcopy(EXAMPLE)
    tag = uuid.uuid4().hex[:8]
    body["company"].update(name=f"Testfirma {tag}", register_number=f"HRB {tag}",
                           vat_id=f"DE{uuid.uuid4().int % 10**9:09d}", website=f"https://{tag}.example")
    body["company"].update(company)
    return body


@dataclass
class Intake:
    app: FastAPI
    client: httpx.AsyncClient
    pool: asyncpg.Pool
    settings: IntakeSettings


def intake_settings(servers: Servers, dsn: str, **overrides: Any) -> IntakeSettings:
    values = {"INTAKE_DATABASE_URL": dsn, "nats_url": servers.nats_url, "INTAKE_RATE_LIMIT": "10000/minute",
              "outbox_poll_interval_s": 0.2, "retry_delays_s": [0.2, 0.5, 1.0], "env": "test",
              "INTAKE_PUBLIC_URL": "http://intake.test"} | overrides
    return IntakeSettings(**values)


@pytest_asyncio.fixture
async def intake(servers: Servers, fresh_db: str) -> AsyncIterator[Intake]:
    settings = intake_settings(servers, fresh_db)
    # Own durables: another intake on the same NATS server (the e2e stack) must not take our events.
    suffix = uuid.uuid4().hex[:8]
    subscriptions = [dataclasses.replace(s, durable=f"{s.durable}-{suffix}") for s in SUBSCRIPTIONS]
    app = create_app(settings, subscriptions=subscriptions)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://intake.test") as client:
            yield Intake(app=app, client=client, pool=app.state.runtime.require_pool(), settings=settings)
    async with jetstream(servers.nats_url) as js:
        for sub in subscriptions:
            with contextlib.suppress(Exception):
                await js.delete_consumer(EVENTS_STREAM, sub.durable)
