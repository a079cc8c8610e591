"""Network namespaces for partition tests: one namespace per NATS node, each joined by a veth pair to a bridge in
the root namespace. Every address is one we create here (10.200.N.x on these veths), so the traffic never leaves
this machine. Needs root (CAP_NET_ADMIN); `unavailable()` says why not, for a skip."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True, timeout=10)


def unavailable() -> str | None:
    """None if namespaces can be made here; else the reason."""
    if shutil.which("ip") is None:
        return "no `ip` command (Debian package iproute2)"
    if os.geteuid() != 0:
        return "network namespaces need root (CAP_NET_ADMIN); CI runs as root"
    probe = f"probe-{uuid.uuid4().hex[:6]}"
    made = _ip("netns", "add", probe, check=False)
    if made.returncode != 0:
        return f"`ip netns add` not permitted here: {made.stderr.strip()}"
    _ip("netns", "del", probe, check=False)
    return None


@dataclass(frozen=True)
class Node:
    namespace: str
    address: str   # the node's address inside its namespace
    link: str      # the root-side end of its veth: down = cut off, the node itself keeps running

    @property
    def run_prefix(self) -> list[str]:
        return ["ip", "netns", "exec", self.namespace]

    def cut(self) -> None:
        _ip("link", "set", self.link, "down")

    def restore(self) -> None:
        _ip("link", "set", self.link, "up")


@contextlib.contextmanager
def bridged_namespaces(count: int) -> Iterator[list[Node]]:
    """`count` namespaces on one bridge; the root namespace reaches them through the bridge's address. All of it is
    removed afterwards, also when setting up fails half-way."""
    tag = uuid.uuid4().hex[:5]
    subnet = f"10.200.{int(tag, 16) % 250 + 1}"
    bridge = f"pbr{tag}"
    nodes = [Node(namespace=f"part-{tag}-{i}", address=f"{subnet}.{11 + i}", link=f"pv{tag}{i}") for i in range(count)]
    try:
        _ip("link", "add", bridge, "type", "bridge")
        _ip("addr", "add", f"{subnet}.1/24", "dev", bridge)
        _ip("link", "set", bridge, "up")
        for i, node in enumerate(nodes):
            inner = f"pi{tag}{i}"
            _ip("netns", "add", node.namespace)
            _ip("link", "add", node.link, "type", "veth", "peer", "name", inner)
            _ip("link", "set", inner, "netns", node.namespace)
            _ip("link", "set", node.link, "master", bridge)
            _ip("link", "set", node.link, "up")
            _ip("-n", node.namespace, "addr", "add", f"{node.address}/24", "dev", inner)
            _ip("-n", node.namespace, "link", "set", inner, "up")
            _ip("-n", node.namespace, "link", "set", "lo", "up")
        yield nodes
    finally:
        for node in nodes:
            _ip("link", "del", node.link, check=False)  # takes its peer in the namespace with it
            _ip("netns", "del", node.namespace, check=False)
        _ip("link", "del", bridge, check=False)
