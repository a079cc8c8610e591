"""Before `make run` starts anything: are its ports free? If not, say which process holds each and what to do."""
from __future__ import annotations

import errno
import socket
from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class PortUse:
    name: str      # what we want the port for ("intake", "NATS" ...)
    port: int
    setting: str   # the environment variable that moves it


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind: TIME_WAIT is no obstacle
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def holder(port: int) -> str:
    """`pid 1234: nats-server -c ...` for the process listening on `port`, as far as we may read it."""
    try:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
                try:
                    cmdline = " ".join(psutil.Process(conn.pid).cmdline())[:200]
                except psutil.Error:
                    cmdline = "(command line not readable)"
                return f"pid {conn.pid}: {cmdline}"
    except psutil.AccessDenied:
        pass
    return "a process we may not inspect (run `ss -ltnp` as root to see it)"


def taken_ports_message(uses: list[PortUse]) -> str | None:
    """None when every port is free; else the text to print, naming port, holder and remedies."""
    taken = [u for u in uses if not port_is_free(u.port)]
    if not taken:
        return None
    lines = ["cannot start: ports already in use / Ports belegt:"]
    for u in taken:
        lines.append(f"  {u.port} ({u.name}, {u.setting}) is held by {holder(u.port)}")
    lines += [
        "An earlier `make run` may still be running: `make stop` stops the one recorded in var/run/,",
        "or stop the process above (kill PID). Or choose other ports, e.g. "
        + " ".join(f"{u.setting}={u.port + 10000}" for u in taken) + " make run",
    ]
    return "\n".join(lines)
