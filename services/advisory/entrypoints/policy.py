"""The ONE table of who may call which route, and how each unsafe route is protected against CSRF.

Deny by default: a route missing here answers 403 (and the RBAC meta-test fails). `csrf` says how an unsafe
request proves it comes from our own page:
- "session": the session's CSRF token, as X-CSRF-Token header (JSON) or `csrf_token` form field (HTML forms)
- "origin": no session exists yet (login); only the Origin / Sec-Fetch-Site check applies
- "capability": public tokenised link (partner answers); the unguessable token plus the origin check
Every unsafe request, whatever its mode, is also refused when the browser says it is cross-site.
"""
from __future__ import annotations

from dataclasses import dataclass

ALL = frozenset({"advisor", "lead", "operator", "admin"})
ADVISING = frozenset({"advisor", "lead", "admin"})  # operators watch the queue but decide nothing
LEADS = frozenset({"lead", "admin"})
OVERSIGHT = frozenset({"lead", "operator", "admin"})  # exports and the audit log (issue 16)
PUBLIC: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    csrf: str = "none"  # none (safe methods) | session | origin | capability


def _unsafe(roles: frozenset[str]) -> Rule:
    return Rule(roles, "session")


POLICY: dict[tuple[str, str], Rule] = {
    # session (JSON)
    ("POST", "/api/v1/session"): Rule(PUBLIC, "origin"),
    ("GET", "/api/v1/session"): Rule(ALL),
    ("DELETE", "/api/v1/session"): _unsafe(ALL),
    ("GET", "/api/v1/login-throttles"): Rule(LEADS),
    ("POST", "/api/v1/login-throttles/reset"): _unsafe(LEADS),
    # queue and case (JSON)
    ("GET", "/api/v1/cases"): Rule(ALL),
    ("GET", "/api/v1/cases/{case_id}"): Rule(ALL),
    ("GET", "/api/v1/advisors"): Rule(ALL),
    ("GET", "/api/v1/exports/queue"): Rule(OVERSIGHT),
    ("GET", "/api/v1/audit"): Rule(OVERSIGHT),
    ("POST", "/api/v1/cases/{case_id}/claim"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/unclaim"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/assign"): _unsafe(LEADS),
    ("POST", "/api/v1/cases/{case_id}/notes"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/info-requests"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/introductions"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/close"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/reopen"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/result-release"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/gates/{gate}/clearance"): _unsafe(LEADS),
    ("POST", "/api/v1/cases/{case_id}/overrides"): _unsafe(ADVISING),
    ("POST", "/api/v1/cases/{case_id}/reassessment"): _unsafe(LEADS),
    ("POST", "/api/v1/introductions/{introduction_id}/outcomes"): _unsafe(ADVISING),
    ("POST", "/api/v1/bulk/assign"): _unsafe(LEADS),
    ("POST", "/api/v1/bulk/close"): _unsafe(ADVISING),
    ("GET", "/api/v1/views"): Rule(ALL),
    ("POST", "/api/v1/views"): _unsafe(ALL),
    ("DELETE", "/api/v1/views/{view_id}"): _unsafe(ALL),
    # HTML workbench
    ("GET", "/"): Rule(PUBLIC),
    ("GET", "/login"): Rule(PUBLIC),
    ("POST", "/login"): Rule(PUBLIC, "origin"),
    ("POST", "/logout"): _unsafe(ALL),
    ("GET", "/queue"): Rule(ALL),
    ("GET", "/queue/export"): Rule(OVERSIGHT),
    ("GET", "/audit"): Rule(OVERSIGHT),
    ("GET", "/lagebild"): Rule(OVERSIGHT),
    ("POST", "/queue/views"): _unsafe(ALL),
    ("POST", "/queue/bulk-close"): _unsafe(ADVISING),
    ("POST", "/queue/bulk-assign"): _unsafe(LEADS),
    ("GET", "/cases/{case_id}"): Rule(ALL),
    ("POST", "/cases/{case_id}/claim"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/unclaim"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/assign"): _unsafe(LEADS),
    ("POST", "/cases/{case_id}/notes"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/info-requests"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/introductions"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/close"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/reopen"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/result-release"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/gates/{gate}/clearance"): _unsafe(LEADS),
    ("POST", "/cases/{case_id}/overrides"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/reassessment"): _unsafe(LEADS),
    ("POST", "/introductions/{introduction_id}/outcomes"): _unsafe(ADVISING),
    ("POST", "/cases/{case_id}/documents/{document_id}/download"): _unsafe(ADVISING),
    # partners' tokenised links (public)
    ("GET", "/introductions/{introduction_id}"): Rule(PUBLIC),
    ("POST", "/introductions/{introduction_id}"): Rule(PUBLIC, "capability"),
}

# Served by shared.service / FastAPI itself, read-only and without case data; not behind the guard.
OPERATIONAL = frozenset({"/health", "/ready", "/metrics", "/asyncapi.json", "/docs", "/docs/oauth2-redirect",
                         "/openapi.json", "/static"})
