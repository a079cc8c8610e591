"""advisory integration tests run on their own nats-server: their durable consumers must not compete with
the advisory process of the e2e stack, which uses the same durable names on the session's server."""
from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from devstack.nats import NatsServer

from .workbench_support import Workbench, running_workbench


@pytest.fixture(scope="session")
def advisory_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = NatsServer(tmp_path_factory.mktemp("advisory-nats"), name=f"adv{uuid.uuid4().hex[:6]}")
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest_asyncio.fixture
async def bench(fresh_db: str, advisory_nats: str) -> AsyncIterator[Workbench]:
    async with running_workbench(fresh_db, advisory_nats) as wb:
        yield wb
