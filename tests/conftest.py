"""Session-wide fixtures: real servers, started once, shared by integration and e2e tests."""
from __future__ import annotations

import asyncio
import signal
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio

from shared.db import ensure_database
from tests.support.infra import Servers, real_servers
from tests.support.stack import stack  # noqa: F401 - the session's platform, shared by e2e and browser tests


@pytest.fixture(scope="session", autouse=True)
def _asyncio_task_dump_on_sigusr1() -> Iterator[None]:
    """For a hung run: `kill -USR1 <pytest pid>` writes every asyncio task's stack to
    test-artifacts/asyncio-tasks.txt (py-spy shows only the loop idling in select)."""
    def dump(*_: object) -> None:
        try:
            tasks = asyncio.all_tasks()
        except RuntimeError:  # no loop running at this moment
            tasks = set()
        Path("test-artifacts").mkdir(exist_ok=True)
        with open("test-artifacts/asyncio-tasks.txt", "w") as out:
            for task in tasks:
                print(f"--- {task!r}", file=out)
                task.print_stack(file=out)

    previous = signal.signal(signal.SIGUSR1, dump)
    yield
    signal.signal(signal.SIGUSR1, previous)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with real_servers(tmp_path_factory.mktemp("servers")) as s:
        yield s


@pytest.fixture
def private_nats(tmp_path: Path) -> Iterator[str]:
    """A nats-server of the test's own: durable consumers with fixed names see only this test's events,
    and a new durable does not have to wade through the session's whole stream first."""
    from devstack.nats import NatsServer

    server = NatsServer(tmp_path / "private-nats", name="private")
    server.start()
    yield server.url
    server.stop()


@pytest_asyncio.fixture
async def fresh_db(servers: Servers) -> AsyncIterator[str]:
    """A new empty database for one test; its DSN."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    dsn = servers.dsn(name)
    await ensure_database(dsn)
    yield dsn
    admin = await asyncpg.connect(servers.pg_admin_dsn)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The layer is the folder; mark it so `-m unit` etc. select it.
    for item in items:
        parts = Path(str(item.fspath)).parts
        for layer in ("unit", "integration", "e2e"):
            if layer in parts:
                item.add_marker(getattr(pytest.mark, layer))
