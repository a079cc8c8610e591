"""The session's platform: the four services as processes, on their own nats-server and the session's PostgreSQL.

Its own nats-server because durable consumer names are fixed per service: another copy of a service on the same
server (a browser or fuzz test's intake, say) would share the work and take this stack's events.
"""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig
from shared.db import ensure_database
from tests.support.infra import Servers

ADVISOR_EMAIL = "e2e-lead@defence-nrw.example"
ADVISOR_PASSWORD = "e2e-password-" + uuid.uuid4().hex[:8]
OPERATOR_TOKEN = "e2e-operator-" + uuid.uuid4().hex


@pytest.fixture(scope="session")
def stack(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """intake, advisory, assessment and notification as processes, plus an SMTP sink process."""
    suffix = uuid.uuid4().hex[:6]
    dbs = {s: servers.dsn(f"e2e_{s}_{suffix}") for s in SERVICES}
    for dsn in dbs.values():
        asyncio.run(ensure_database(dsn))
    config = StackConfig(root=tmp_path_factory.mktemp("stack"), ports={s: free_port() for s in SERVICES},
                         database_urls=dbs,
                         service_env={"OUTBOX_POLL_INTERVAL_S": "0.5", "SENDING_STALE_AFTER_S": "5",
                                      "INTAKE_RATE_LIMIT": "100000/minute", "OPERATOR_TOKEN": OPERATOR_TOKEN,
                                      "INTAKE_ERASURE_POLL_S": "0.5"})
    st = Stack(config)
    st.start_infrastructure()  # starts the stack's own nats-server (no nats_url given) and the SMTP sink
    try:
        st.start_services()
        st.create_advisor(email=ADVISOR_EMAIL, name="E2E Lead", role="lead", password=ADVISOR_PASSWORD)
        yield st
    finally:
        st.stop()


def mail_files(stack: Stack) -> list[Path]:
    return sorted(stack.mail_dir.glob("*.eml")) if stack.mail_dir.exists() else []


def another_copy(stack: Stack, root: Path) -> Stack:
    """A second copy of every service of `stack` (replicas): own ports, the same databases, NATS and SMTP server.
    Start it with `start_services()`; it starts no infrastructure of its own."""
    return Stack(StackConfig(
        root=root, ports={s: free_port() for s in SERVICES}, nats_url=stack.nats_url,
        database_urls={s: stack.database_url(s) for s in SERVICES}, smtp=stack.smtp_address,
        service_env=dict(stack.config.service_env),
    ))
