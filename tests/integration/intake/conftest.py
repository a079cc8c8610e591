"""intake in-process (real lifespan: pool, migrations, broker, relay) against the session's real servers."""
from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest_asyncio
from fastapi import FastAPI

from services.intake.app import create_app
from services.intake.dependencies import IntakeDependencies
from services.intake.settings import IntakeSettings


@dataclass
class Intake:
    app: FastAPI
    client: httpx.AsyncClient
    pool: asyncpg.Pool
    settings: IntakeSettings
    deps: IntakeDependencies


def intake_settings(nats_url: str, dsn: str, **overrides: Any) -> IntakeSettings:
    values = {"INTAKE_DATABASE_URL": dsn, "nats_url": nats_url, "INTAKE_RATE_LIMIT": "10000/minute",
              "outbox_poll_interval_s": 0.2, "retry_delays_s": [0.2, 0.5, 1.0], "env": "test",
              "INTAKE_PUBLIC_URL": "http://intake.test"} | overrides
    return IntakeSettings(**values)


@pytest_asyncio.fixture
async def intake(private_nats: str, fresh_db: str) -> AsyncIterator[Intake]:
    # Its own nats-server: intake's durables (fixed names) must not share events with the e2e stack's intake.
    settings = intake_settings(private_nats, fresh_db)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://intake.test") as client:
            yield Intake(app=app, client=client, pool=app.state.runtime.require_pool(), settings=settings,
                         deps=app.state.deps)
