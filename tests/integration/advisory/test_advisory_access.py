"""Sessions, CSRF, origin checks, roles and login throttling, over HTTP against real PostgreSQL."""
from __future__ import annotations

import uuid

import httpx

from services.advisory.adapters import accounts
from services.advisory.entrypoints.policy import POLICY

from .workbench_support import BASE_URL, PASSWORD, Workbench


def _concrete(path: str) -> str:
    return (path.replace("{case_id}", str(uuid.uuid4())).replace("{introduction_id}", str(uuid.uuid4()))
            .replace("{view_id}", str(uuid.uuid4())).replace("{gate}", "G1"))


async def test_every_session_route_refuses_a_request_without_the_csrf_token(bench: Workbench) -> None:
    client = await bench.login("csrf@example.org", role="admin")
    del client.headers["X-CSRF-Token"]
    for (method, path), rule in POLICY.items():
        if rule.csrf == "session":
            r = await client.request(method, _concrete(path), json={})
            assert r.status_code == 403, f"{method} {path}: {r.status_code}"


async def test_html_form_token_and_cross_site_check(bench: Workbench) -> None:
    case = await bench.seed_case()
    client = await bench.login("form@example.org")
    csrf = client.headers.pop("X-CSRF-Token")
    url = f"/cases/{case['id']}/notes"
    assert (await client.post(url, data={"text": "x", "csrf_token": "wrong"})).status_code == 403
    cross = await client.post(url, data={"text": "x", "csrf_token": csrf}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    evil = await client.post(url, data={"text": "x", "csrf_token": csrf}, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    evil = await client.post(url, data={"text": "x", "csrf_token": csrf}, headers={"Sec-Fetch-Site": "same-site"})
    assert evil.status_code == 403
    ok = await client.post(url, data={"text": "per Formular", "csrf_token": csrf},
                           headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 303 and ok.headers["location"] == f"/cases/{case['id']}"
    assert (await bench.timeline_kinds(case["id"]))[-1] == "note"


async def test_login_rotates_the_session_and_logout_or_disable_end_it_server_side(bench: Workbench) -> None:
    client = await bench.login("rotate@example.org")
    old = client.cookies["advisory_session"]
    r = await client.post("/api/v1/session", json={"email": "rotate@example.org", "password": PASSWORD})
    assert r.status_code == 200 and client.cookies["advisory_session"] != old
    stale = httpx.AsyncClient(transport=httpx.ASGITransport(app=bench.app), base_url=BASE_URL,
                              cookies={"advisory_session": old})
    assert (await stale.get("/api/v1/session")).status_code == 401  # the pre-login id is gone
    current = client.cookies["advisory_session"]
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    assert (await client.delete("/api/v1/session")).status_code == 204
    replay = httpx.AsyncClient(transport=httpx.ASGITransport(app=bench.app), base_url=BASE_URL,
                               cookies={"advisory_session": current})
    assert (await replay.get("/api/v1/cases")).status_code == 401
    other = await bench.login("disable@example.org")
    async with bench.pool.acquire() as conn:
        assert await accounts.disable(conn, email="disable@example.org")
    assert (await other.get("/api/v1/cases")).status_code == 401
    await stale.aclose()
    await replay.aclose()


async def test_login_is_throttled_per_account(bench: Workbench) -> None:
    await bench.user("throttle@example.org")
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=bench.app), base_url=BASE_URL)
    bench.clients.append(client)
    codes = [(await client.post("/api/v1/session", json={"email": "throttle@example.org", "password": "nope"}))
             .status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    right = await client.post("/api/v1/session", json={"email": "throttle@example.org", "password": PASSWORD})
    assert right.status_code == 429  # even the right password waits out the window


async def test_roles_operator_reads_but_cannot_claim(bench: Workbench) -> None:
    case = await bench.seed_case()
    operator = await bench.login("operator@example.org", role="operator")
    assert (await operator.get(f"/api/v1/cases/{case['id']}")).status_code == 200
    assert (await operator.post(f"/api/v1/cases/{case['id']}/claim")).status_code == 403
    anonymous = httpx.AsyncClient(transport=httpx.ASGITransport(app=bench.app), base_url=BASE_URL)
    bench.clients.append(anonymous)
    page = await anonymous.get("/queue")
    assert page.status_code == 303 and page.headers["location"] == "/login"
