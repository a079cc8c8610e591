"""Every route of every service, with who may call it (issue 19). A new route that is not listed here fails.

Who:
- public       anyone (the enquiry form and API, the advisors' login page)
- capability   anyone holding an unguessable link: a signed status token (intake) or an introduction token
- session      a logged-in advisor; the roles are the ones in services/advisory/entrypoints/policy.py
- operator     OPERATOR_TOKEN (dead letters, failed emails, delivery logs, erasure requests)
- service      SERVICE_TOKEN or OPERATOR_TOKEN (service-internal APIs, never exposed by the proxy)
- operational  health, readiness, metrics, API documents: no company data

Every guarded route is also called without credentials (no database needed: the guards answer first).
"""
from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.routing import BaseRoute

from services.advisory.app import create_app as advisory_app
from services.advisory.entrypoints.policy import POLICY
from services.assessment.app import create_app as assessment_app
from services.intake.app import create_app as intake_app
from services.notification.app import create_app as notification_app

OPERATIONAL = {("GET", p): "operational" for p in ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/health",
                                                   "/ready", "/metrics", "/asyncapi.json")}
STATIC = {("GET", "/static"): "public"}  # CSS and the form's script
DEAD_LETTERS = {("GET", "/api/v1/operator/dead-letters"): "operator",
                ("GET", "/api/v1/operator/dead-letters/{dead_letter_id}"): "operator",
                ("POST", "/api/v1/operator/dead-letters/{dead_letter_id}/retry"): "operator",
                ("POST", "/api/v1/operator/dead-letters/{dead_letter_id}/archive"): "operator"}

ACCESS: dict[str, dict[tuple[str, str], str]] = {
    "intake": {
        **OPERATIONAL, **DEAD_LETTERS, **STATIC,
        ("GET", "/"): "public", ("POST", "/"): "public", ("GET", "/datenschutz"): "public",
        ("POST", "/api/v1/enquiries"): "public",
        ("GET", "/api/v1/enquiries/{enquiry_id}/status"): "capability",
        ("GET", "/api/v1/enquiries/{enquiry_id}/documents"): "capability",
        ("POST", "/api/v1/enquiries/{enquiry_id}/documents"): "capability",
        ("GET", "/status/{enquiry_id}"): "capability",
        ("GET", "/documents/{document_id}"): "capability",  # signed, expiring download link (issue 16)
        ("GET", "/status/{enquiry_id}/amend"): "capability",
        ("POST", "/status/{enquiry_id}/amend"): "capability",
        ("POST", "/api/v1/erasure-requests"): "operator",
        ("GET", "/api/v1/erasure-requests/{request_id}"): "operator",
        # The guided form (issue 15): anyone may start one; its posts carry the CSRF field bound to the draft
        # cookie (HttpOnly, SameSite=Lax); the emailed resume link is an unguessable token.
        ("GET", "/anfrage"): "public", ("GET", "/anfrage/{step_id}"): "public",
        ("POST", "/anfrage/{step_id}"): "public", ("POST", "/anfrage/absenden"): "public",
        ("GET", "/anfrage/speichern"): "public", ("POST", "/anfrage/speichern"): "public",
        ("GET", "/anfrage/fortsetzen/{token}"): "capability",
    },
    "advisory": {
        **OPERATIONAL, **DEAD_LETTERS, **STATIC,
        **{route: ("public" if not rule.roles and rule.csrf != "capability" else
                   "capability" if not rule.roles else "session") for route, rule in POLICY.items()},
    },
    "assessment": {
        **OPERATIONAL, **DEAD_LETTERS,
        ("GET", "/api/v1/assessments/{enquiry_id}"): "service",
        ("GET", "/api/v1/taxonomy"): "service",
    },
    "notification": {
        **OPERATIONAL, **DEAD_LETTERS,
        ("GET", "/api/v1/enquiries/{enquiry_id}/deliveries"): "operator",
        ("GET", "/api/v1/operator/failed-emails"): "operator",
        ("POST", "/api/v1/operator/failed-emails/{email_id}/retry"): "operator",
    },
}
FACTORIES = {"intake": intake_app, "advisory": advisory_app, "assessment": assessment_app,
             "notification": notification_app}


@functools.cache
def _app(service: str) -> FastAPI:
    return FACTORIES[service]()  # built once (about half a second each), never started: no servers needed


def _flatten(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _flatten(inner.routes) if inner is not None else [route]


def _routes(app: FastAPI) -> set[tuple[str, str]]:
    out = set()
    for route in _flatten(app.routes):
        methods = getattr(route, "methods", None) or {"GET"}  # a mount (static files) serves GET
        out |= {(m, getattr(route, "path", "")) for m in methods if m != "HEAD"}
    return out


def _concrete(path: str) -> str:
    return (path.replace("{gate}", "G1").replace("{view_id}", str(uuid.uuid4()))
            .replace("{case_id}", str(uuid.uuid4())).replace("{introduction_id}", str(uuid.uuid4()))
            .replace("{enquiry_id}", str(uuid.uuid4())).replace("{request_id}", str(uuid.uuid4()))
            .replace("{document_id}", str(uuid.uuid4())).replace("{dead_letter_id}", "1")
            .replace("{email_id}", str(uuid.uuid4())))


async def _call(app: FastAPI, method: str, path: str, **kw: Any) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc.test") as client:
        return await client.request(method, path, **kw)


@pytest.mark.parametrize("service", sorted(FACTORIES))
def test_every_route_is_listed_with_who_may_call_it(service: str) -> None:
    live = _routes(_app(service))
    listed = set(ACCESS[service])
    assert live - listed == set(), f"{service}: routes nobody decided who may call: {sorted(live - listed)}"
    assert listed - live == set(), f"{service}: listed routes that no longer exist: {sorted(listed - live)}"


@pytest.mark.parametrize("service", sorted(FACTORIES))
def test_guarded_routes_refuse_a_caller_without_credentials(service: str) -> None:
    app = _app(service)
    guarded = [(m, p, who) for (m, p), who in ACCESS[service].items() if who in ("operator", "service", "session")]

    async def probe() -> list[str]:
        wrong = []
        for method, path, who in guarded:
            r = await _call(app, method, _concrete(path), json={},
                            headers={"Authorization": "Bearer not-the-token"} if who != "session" else {})
            refused = r.status_code in (401, 403) or (r.status_code == 303 and r.headers["location"] == "/login")
            if not refused or r.headers.get("cache-control") != "no-store":
                wrong.append(f"{method} {path} ({who}): {r.status_code} {r.headers.get('cache-control')}")
        return wrong

    assert asyncio.run(probe()) == []


def test_status_links_answer_only_with_a_valid_token() -> None:
    app = _app("intake")
    for method, path in [k for k, who in ACCESS["intake"].items() if who == "capability"]:
        r = asyncio.run(_call(app, method, _concrete(path), params={"token": "0" * 32}, data={}))
        assert r.status_code == 404, f"{method} {path}: {r.status_code}"
