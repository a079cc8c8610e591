"""Property-based API test: intake as a real process, fuzzed from its own OpenAPI by schemathesis.

Every generated request must get an answer the schema documents (status, content type, body), and never
a 5xx. Bounded to a few dozen examples per operation so it stays well under two minutes.
"""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig
from shared.db import ensure_database
from tests.support.infra import Servers

OPERATOR_TOKEN = "fuzz-operator-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def intake_url(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Only intake, as its own process against the session's NATS and PostgreSQL."""
    dsn = servers.dsn(f"schemathesis_intake_{uuid.uuid4().hex[:6]}")
    asyncio.run(ensure_database(dsn))
    config = StackConfig(root=tmp_path_factory.mktemp("intake-fuzz"), ports={s: free_port() for s in SERVICES},
                         nats_url=servers.nats_url, database_urls={"intake": dsn}, smtp=("127.0.0.1", 9),
                         service_env={"INTAKE_RATE_LIMIT": "100000/minute", "OUTBOX_POLL_INTERVAL_S": "0.5",
                                      "OPERATOR_TOKEN": OPERATOR_TOKEN})
    stack = Stack(config)
    stack.start_service("intake")
    try:
        stack.wait_ready("intake")
        yield stack.url("intake")
    finally:
        stack.stop()


def test_intake_api_honours_its_openapi(intake_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{intake_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {"POST /api/v1/enquiries", "GET /api/v1/enquiries/{enquiry_id}/status",
                                               "GET /api/v1/enquiries/{enquiry_id}/documents",
                                               "POST /api/v1/enquiries/{enquiry_id}/documents",
                                               "POST /api/v1/erasure-requests",
                                               "GET /api/v1/erasure-requests/{request_id}",
                                               # every service's dead-letter tools (shared/messaging/dead_letters.py)
                                               "GET /api/v1/operator/dead-letters",
                                               "GET /api/v1/operator/dead-letters/{dead_letter_id}",
                                               "POST /api/v1/operator/dead-letters/{dead_letter_id}/retry",
                                               "POST /api/v1/operator/dead-letters/{dead_letter_id}/archive"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=50, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def honours_schema(case: schemathesis.Case) -> None:
            # Rules across fields (e.g. lot_size_min <= lot_size_max) are beyond JSON Schema, so schema-valid
            # data may rightly get 422; every other check applies.
            # The operator token rides along everywhere, so the erasure API is fuzzed past its guard too.
            case.call_and_validate(base_url=intake_url, excluded_checks=[positive_data_acceptance],
                                   headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"})

        honours_schema()
