"""RBAC meta-test: every route is in the one policy table, behind the guard, and every unsafe route has CSRF."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route

from services.advisory.app import create_app
from services.advisory.entrypoints.policy import OPERATIONAL, POLICY
from services.advisory.entrypoints.security import UNSAFE_METHODS, guard
from shared.operator_auth import require_operator

APP = create_app()


def _flatten(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:  # FastAPI's lazily included router
            yield from _flatten(inner.routes)
        else:
            yield route


def _endpoints() -> list[tuple[str, str, BaseRoute]]:
    out: list[tuple[str, str, BaseRoute]] = []
    for route in _flatten(APP.routes):
        if isinstance(route, Mount):
            out.append(("GET", route.path, route))
        elif isinstance(route, APIRoute | Route):
            out.extend((m, route.path, route) for m in sorted(route.methods or ()) if m != "HEAD")
    return out


def _uses_guard(route: APIRoute, check: object = guard) -> bool:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if dep.call is check:
            return True
        stack.extend(dep.dependencies)
    return False


ENDPOINTS = _endpoints()


@pytest.mark.parametrize(("method", "path", "route"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
def test_every_route_has_a_rule_and_runs_the_guard(method: str, path: str, route: BaseRoute) -> None:
    if path in OPERATIONAL:
        assert method == "GET", f"operational route {path} must be read-only"
        return
    if path.startswith("/api/v1/operator/"):
        # The shared operator API (dead letters): bearer OPERATOR_TOKEN, no session cookie, so no CSRF to guard.
        assert isinstance(route, APIRoute) and _uses_guard(route, require_operator), f"{method} {path} is open"
        return
    assert (method, path) in POLICY, f"{method} {path} is missing from the role policy table"
    assert isinstance(route, APIRoute) and _uses_guard(route), f"{method} {path} does not run the guard"


def test_every_unsafe_route_is_csrf_protected_and_every_rule_names_a_live_route() -> None:
    live = {(m, p) for m, p, _ in ENDPOINTS}
    assert set(POLICY) <= live, f"stale rules: {set(POLICY) - live}"
    for (method, path), rule in POLICY.items():
        if method in UNSAFE_METHODS:
            assert rule.csrf in {"session", "origin", "capability"}, f"{method} {path} lacks CSRF protection"
            if rule.roles:
                assert rule.csrf == "session", f"{method} {path}: logged-in routes need the session token"
        else:
            assert rule.csrf == "none"


def test_operators_decide_nothing_and_only_leads_clear_gates_or_reassign() -> None:
    for (method, path), rule in POLICY.items():
        if method in UNSAFE_METHODS and "/cases/" in path:
            assert "operator" not in rule.roles, path
        if path.endswith(("/clearance", "/assign")):
            assert rule.roles == {"lead", "admin"}, path
