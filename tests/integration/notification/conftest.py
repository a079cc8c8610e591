"""Fixtures for notification against real servers: PostgreSQL (session), an own nats-server per test (the
service's durable consumers must not see another test's events), and an in-test aiosmtpd server."""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from devstack.nats import NatsServer
from devstack.proc import free_port

from .rig import Mailbox, Stream, smtp_server

OPERATOR_TOKEN = "test-operator-token-0123456789abcdef"

# aiosmtpd logs every connection's EOF at INFO from its own thread; the sender keeps connections open, so that
# line can come after pytest closed the test's captured stream ("--- Logging error ---").
logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture
def nats_url(tmp_path: Path) -> Iterator[str]:
    server = NatsServer(tmp_path / "nats")
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def mailbox(smtp_port: int) -> Iterator[Mailbox]:
    with smtp_server(smtp_port) as box:
        yield box


@pytest_asyncio.fixture
async def stream(nats_url: str) -> AsyncIterator[Stream]:
    async with Stream.connect(nats_url) as s:
        yield s
