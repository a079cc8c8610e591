"""Login throttling that nobody can abuse to lock others out (issue 19), over HTTP against real PostgreSQL."""
from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from .workbench_support import BASE_URL, PASSWORD, Workbench, running_workbench

SLOWDOWN_S = 0.3


@pytest_asyncio.fixture
async def guarded(fresh_db: str, advisory_nats: str) -> AsyncIterator[Workbench]:
    async with running_workbench(fresh_db, advisory_nats, login_failures_per_address=8,
                                 login_address_delay_s=SLOWDOWN_S) as wb:
        yield wb


def _from(bench: Workbench, address: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=bench.app, client=(address, 40000)),
                               base_url=BASE_URL, timeout=30)
    bench.clients.append(client)
    return client


async def _login(client: httpx.AsyncClient, email: str, password: str, **kw: object) -> int:
    return (await client.post("/api/v1/session", json={"email": email, "password": password}, **kw)).status_code


async def test_five_failures_from_one_address_do_not_stop_the_owner_logging_in_from_another(
        guarded: Workbench) -> None:
    await guarded.user("owner@example.org")
    attacker, owner = _from(guarded, "203.0.113.7"), _from(guarded, "198.51.100.20")
    assert [await _login(attacker, "owner@example.org", "guess") for _ in range(5)] == [401] * 5
    # The attacker's pair waits, whatever the spelling of the e-mail or a forged X-Forwarded-For.
    assert await _login(attacker, "owner@example.org", PASSWORD) == 429
    assert await _login(attacker, " OWNER@Example.org", PASSWORD) == 429
    assert await _login(attacker, "owner@example.org", PASSWORD, headers={"X-Forwarded-For": "192.0.2.1"}) == 429
    # The owner, from their own address, is not affected.
    assert await _login(owner, "owner@example.org", PASSWORD) == 200
    outcomes = [r["outcome"] for r in await guarded.pool.fetch(
        "SELECT outcome FROM login_attempts WHERE email = 'owner@example.org' ORDER BY id")]
    assert outcomes == ["failed"] * 5 + ["refused"] * 3 + ["succeeded"]  # the audit log


async def test_a_spray_from_one_address_slows_that_address_without_locking_anyone_out(guarded: Workbench) -> None:
    for name in ("colleague", "other"):
        await guarded.user(f"{name}@example.org")
    sprayer, elsewhere = _from(guarded, "203.0.113.9"), _from(guarded, "198.51.100.30")
    assert [await _login(sprayer, f"made-up-{i}@example.org", "Sommer2026!") for i in range(8)] == [401] * 8
    # Still no lockout: a colleague behind the same address gets in with the right password, only slower.
    started = time.monotonic()
    assert await _login(sprayer, "colleague@example.org", PASSWORD) == 200
    assert time.monotonic() - started >= SLOWDOWN_S
    assert await _login(sprayer, "made-up-99@example.org", "guess") == 401  # slowed, not refused
    assert await _login(elsewhere, "other@example.org", PASSWORD) == 200


async def test_a_lead_sees_and_resets_a_throttle(guarded: Workbench) -> None:
    await guarded.user("locked@example.org")
    attacker = _from(guarded, "203.0.113.11")
    for _ in range(5):
        await _login(attacker, "locked@example.org", "guess")
    advisor = await guarded.login("plain@example.org")
    assert (await advisor.get("/api/v1/login-throttles")).status_code == 403
    lead = await guarded.login("lead@example.org", role="lead")
    listed = (await lead.get("/api/v1/login-throttles")).json()
    pair = next(t for t in listed if t["email"] == "locked@example.org")
    assert pair["address"] == "203.0.113.11" and pair["failures"] == 5 and pair["retry_after_s"] > 0
    reset = await lead.post("/api/v1/login-throttles/reset", json={"email": "Locked@example.org"})
    assert reset.status_code == 200 and reset.json() == {"cleared": 5}
    assert await _login(attacker, "locked@example.org", PASSWORD) == 200
    assert await guarded.pool.fetchval("SELECT count(*) FROM login_attempts WHERE outcome = 'reset'") == 1
