"""Property-based fuzzing of the advisory, notification and assessment HTTP APIs from their own OpenAPI.

The services run as processes (the session's e2e stack) with real data behind them. Every generated request must
get a documented answer and never a 5xx. (intake has its own, deeper run in test_intake_schemathesis.py.)
"""
from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from .conftest import ADVISOR_EMAIL, ADVISOR_PASSWORD, OPERATOR_TOKEN

# Logging out or in again would end the session the fuzzer authenticates with.
SKIPPED = {"DELETE /api/v1/session", "POST /api/v1/session"}


def _auth(stack, service: str) -> dict[str, str]:
    if service == "advisory":
        client = httpx.Client(base_url=stack.url("advisory"), timeout=10)
        session = client.post("/api/v1/session", json={"email": ADVISOR_EMAIL, "password": ADVISOR_PASSWORD}).json()
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        return {"Cookie": cookie, "X-CSRF-Token": session["csrf_token"]}
    return {"Authorization": f"Bearer {OPERATOR_TOKEN}"}


@pytest.mark.parametrize("service", ["advisory", "notification", "assessment"])
def test_api_honours_its_openapi(stack, service: str) -> None:
    base = stack.url(service)
    headers = _auth(stack, service)
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [r.ok() for r in schema.get_all_operations()]
    assert operations
    for operation in operations:
        if operation.label in SKIPPED:
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def honours_schema(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=base, headers=headers, excluded_checks=[positive_data_acceptance])

        honours_schema()
