"""A 3-node (or n-node) NATS JetStream cluster on loopback, every node a child process we can kill -9."""
from __future__ import annotations

import json
import urllib.request
from functools import partial
from pathlib import Path

from .nats import NatsServer
from .proc import free_port, wait_until


def cluster_block(*, name: str, port: int, route_ports: list[int], host: str = "127.0.0.1",
                  route_hosts: list[str] | None = None) -> str:
    hosts = route_hosts or [host] * len(route_ports)
    routes = ", ".join(f"nats-route://{h}:{p}" for h, p in zip(hosts, route_ports, strict=True))
    return f"""
cluster {{
  name: {name}
  listen: {host}:{port}
  routes: [{routes}]
}}
"""


class NatsCluster:
    """`size` nats-servers routed into one cluster; `url` lists every node for NATS_URL.

    On loopback by default; a partition test gives each node its own address (`hosts`) and runs it in its own
    network namespace (`command_prefixes`, e.g. `ip netns exec NAME`)."""

    def __init__(self, workdir: Path, *, size: int = 3, name: str = "onboarding", hosts: list[str] | None = None,
                 command_prefixes: list[list[str]] | None = None) -> None:
        hosts = hosts or ["127.0.0.1"] * size
        prefixes = command_prefixes or [[] for _ in range(size)]
        # Ports free on loopback are free on a namespace's own address too (nothing else lives there).
        route_ports = [free_port() for _ in range(size)]
        self.nodes = [
            NatsServer(workdir / f"n{i + 1}", name=f"n{i + 1}", host=hosts[i], command_prefix=prefixes[i],
                       cluster=cluster_block(name=name, port=route_ports[i], route_ports=route_ports, host=hosts[i],
                                             route_hosts=hosts))
            for i in range(size)
        ]

    @property
    def url(self) -> str:
        return ",".join(node.url for node in self.nodes)

    def start(self, timeout: float = 30) -> None:
        # Start all before waiting: JetStream is healthy only once a meta leader is elected, which needs a quorum.
        for node in self.nodes:
            node.proc.start()
        for node in self.nodes:
            wait_until(node.healthy, timeout=timeout, what=f"nats-server {node.name} health (cluster)")
        # Healthy only means "JetStream enabled": stream requests time out until a meta leader is elected.
        for node in self.nodes:
            wait_until(partial(_has_meta_leader, node), timeout=timeout, what=f"meta leader seen by {node.name}")

    def kill9(self, index: int) -> NatsServer:
        """SIGKILL one node (no goodbye to its peers); returns it so a test can restart it."""
        self.nodes[index].kill9()
        return self.nodes[index]

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()


def meta_leader(node: NatsServer) -> str | None:
    """The JetStream meta leader `node` knows of, from its monitoring endpoint."""
    with urllib.request.urlopen(f"http://{node.host}:{node.monitor_port}/jsz", timeout=1) as resp:
        return json.loads(resp.read()).get("meta_cluster", {}).get("leader")


def _has_meta_leader(node: NatsServer) -> bool:
    return meta_leader(node) is not None
