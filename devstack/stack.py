"""The whole platform on one machine: infrastructure plus the four services as separate processes."""
from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from shared.db import ensure_database

from . import pidfiles
from .nats import NatsServer
from .ports import PortUse
from .postgres import PostgresServer
from .proc import ChildProcess, free_port, wait_until
from .prometheus import HOW_TO_GET, PrometheusServer, prometheus_binary

SERVICES = ("intake", "advisory", "assessment", "notification")
DEFAULT_PORTS = {"intake": 8001, "advisory": 8002, "assessment": 8003, "notification": 8004}


@dataclass
class StackConfig:
    root: Path
    ports: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    nats_url: str | None = None                 # external server; else we start one
    database_urls: dict[str, str] = field(default_factory=dict)  # external per-service DSNs
    smtp: tuple[str, int] | None = None         # external SMTP; else we start the sink
    pg_port: int | None = None
    nats_port: int | None = None
    smtp_port: int | None = None
    smtp_delay_s: float = 0.0                   # make the local sink slow (backpressure tests)
    service_env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    prometheus_port: int | None = None          # start Prometheus on this port if its binary is on PATH
    record_pids: bool = False                   # `make run`: pid files under <root>/run/ for `make stop`

    @classmethod
    def from_environment(cls, root: Path) -> StackConfig:
        """`make run`: fixed ports, and external servers wherever the environment names them."""
        env = os.environ
        smtp = (env["SMTP_HOST"], int(env.get("SMTP_PORT", "25"))) if env.get("SMTP_HOST") else None
        dbs = {s: env[f"{s.upper()}_DATABASE_URL"] for s in SERVICES if env.get(f"{s.upper()}_DATABASE_URL")}
        ports = {s: int(env.get(f"{s.upper()}_PORT", DEFAULT_PORTS[s])) for s in SERVICES}
        return cls(root=root, ports=ports, nats_url=env.get("NATS_URL"), database_urls=dbs, smtp=smtp,
                   pg_port=int(env.get("POSTGRES_PORT", "55432")), nats_port=int(env.get("NATS_PORT", "4222")),
                   smtp_port=None if smtp else int(env.get("SMTP_PORT", "1025")),
                   prometheus_port=int(env.get("PROMETHEUS_PORT", "9090")), record_pids=True)

    def port_uses(self) -> list[PortUse]:
        """Every fixed port this configuration will listen on, with the setting that moves it."""
        uses = [PortUse(s, self.ports[s], f"{s.upper()}_PORT") for s in SERVICES]
        if not self.nats_url and self.nats_port:
            uses.append(PortUse("NATS", self.nats_port, "NATS_PORT"))
        if len(self.database_urls) < len(SERVICES) and self.pg_port:
            uses.append(PortUse("PostgreSQL", self.pg_port, "POSTGRES_PORT"))
        if not self.smtp and self.smtp_port:
            uses.append(PortUse("SMTP sink", self.smtp_port, "SMTP_PORT"))
        if self.prometheus_port and prometheus_binary():
            uses.append(PortUse("Prometheus", self.prometheus_port, "PROMETHEUS_PORT"))
        return uses


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.root = config.root
        self.nats: NatsServer | None = None
        self.postgres: PostgresServer | None = None
        self.smtp_sink: ChildProcess | None = None
        self.prometheus: PrometheusServer | None = None
        self.services: dict[str, ChildProcess] = {}
        self.document_link_secret = os.environ.get("DOCUMENT_LINK_SECRET") or secrets.token_hex(32)
        self.mail_dir = self.root / "mail"
        self.log_dir = config.log_dir or self.root / "logs"

    # -- infrastructure ---------------------------------------------------------------------------
    @property
    def nats_url(self) -> str:
        return self.config.nats_url or (self.nats.url if self.nats else "")

    def database_url(self, service: str) -> str:
        if service in self.config.database_urls:
            return self.config.database_urls[service]
        assert self.postgres is not None
        return self.postgres.dsn(service)

    @property
    def smtp_address(self) -> tuple[str, int]:
        return self.config.smtp or ("127.0.0.1", self._smtp_port)

    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    def _record(self, name: str, proc: ChildProcess, stop_signal: int = signal.SIGTERM) -> None:
        if self.config.record_pids and proc.pid is not None:
            pidfiles.record(self.run_dir, name, proc.pid, stop_signal=stop_signal)

    def start_infrastructure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not self.config.nats_url:
            self.nats = NatsServer(self.root / "nats", port=self.config.nats_port)
            self.nats.start()
            self._record("nats", self.nats.proc)
        if len(self.config.database_urls) < len(SERVICES):
            self.postgres = PostgresServer(self.root / "pgdata", port=self.config.pg_port)
            problem = self.postgres.data_version_problem()
            if problem:
                raise RuntimeError(problem)
            self.postgres.start()
            self._record("postgres", self.postgres.proc, signal.SIGINT)
            for s in SERVICES:
                if s not in self.config.database_urls:
                    asyncio.run(ensure_database(self.postgres.dsn(s)))
        if not self.config.smtp:
            self._smtp_port = self.config.smtp_port or free_port()
            self.smtp_sink = ChildProcess(
                "smtp-sink",
                [sys.executable, "-m", "devstack.smtp_sink", "--port", str(self._smtp_port),
                 "--dir", str(self.mail_dir), "--delay", str(self.config.smtp_delay_s)],
                log_path=self.log_dir / "smtp-sink.log",
            )
            self.smtp_sink.start()
            self._record("smtp-sink", self.smtp_sink)
            wait_until(lambda: _port_open(self._smtp_port), timeout=15, what="SMTP sink")

    def start_prometheus(self) -> str | None:
        """Start Prometheus if configured and installed; None, or the one line saying why not."""
        binary = prometheus_binary()
        if not self.config.prometheus_port:
            return None
        if binary is None:
            return "Prometheus skipped: no `prometheus` on PATH (" + HOW_TO_GET + ")"
        self.prometheus = PrometheusServer(self.root / "prometheus", port=self.config.prometheus_port,
                                           service_ports=self.config.ports, binary=binary)
        self.prometheus.start()
        self._record("prometheus", self.prometheus.proc)
        return None

    # -- services ---------------------------------------------------------------------------------
    def service_env(self, service: str) -> dict[str, str]:
        host, port = self.smtp_address
        env = dict(os.environ)
        env.update({
            "NATS_URL": self.nats_url,
            f"{service.upper()}_DATABASE_URL": self.database_url(service),
            f"{service.upper()}_PORT": str(self.config.ports[service]),
            "INTAKE_PUBLIC_URL": f"http://127.0.0.1:{self.config.ports['intake']}",
            "ADVISOR_UI_URL": f"http://127.0.0.1:{self.config.ports['advisory']}",
            # One secret per stack, the same for intake (checks) and advisory (signs document download links).
            "DOCUMENT_LINK_SECRET": self.document_link_secret,
            "SMTP_HOST": host,
            "SMTP_PORT": str(port),
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.config.service_env)
        return env

    def start_service(self, service: str, *, extra_env: dict[str, str] | None = None) -> None:
        env = self.service_env(service) | (extra_env or {})
        proc = ChildProcess(service, [sys.executable, "-m", f"services.{service}"], env=env,
                            log_path=self.log_dir / f"{service}.log")
        proc.start()
        self.services[service] = proc
        self._record(service, proc)

    def wait_ready(self, service: str, timeout: float = 60) -> None:
        port = self.config.ports[service]
        proc = self.services[service]

        def ready() -> bool:
            if not proc.running():
                raise RuntimeError(f"{service} exited; see {proc.log_path}")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as r:
                return r.status == 200

        try:
            wait_until(ready, timeout=timeout, what=f"{service} ready", interval=0.2)
        except TimeoutError:
            tail = proc.log_path.read_text(errors="replace")[-3000:] if proc.log_path else ""
            raise TimeoutError(f"{service} not ready after {timeout}s; log tail:\n{tail}") from None

    def start_services(self) -> None:
        for s in SERVICES:
            self.start_service(s)
        for s in SERVICES:
            self.wait_ready(s)

    def create_advisor(self, *, email: str, name: str, role: str, password: str) -> None:
        env = self.service_env("advisory") | {"ADVISOR_PASSWORD": password}
        subprocess.run([sys.executable, "-m", "services.advisory", "create-user", "--email", email,
                        "--name", name, "--role", role], env=env, check=True, stdout=subprocess.DEVNULL)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.config.ports[service]}"

    def stop(self) -> None:
        # The services all at once (each drains within its grace period), then what they used.
        for proc in self.services.values():
            proc.send(signal.SIGTERM)
        for proc in self.services.values():
            proc.stop()
        if self.prometheus:
            self.prometheus.stop()
        if self.smtp_sink:
            self.smtp_sink.stop()
        if self.postgres:
            self.postgres.stop()
        if self.nats:
            self.nats.stop()
        if self.config.record_pids:
            pidfiles.forget(self.run_dir)


def _port_open(port: int) -> bool:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
