"""Fixed-rate, open-loop load: request i is due at t0 + i/rate whatever earlier requests do.

wrk2 is not packaged in Debian, so this is an asyncio generator. It speaks plain HTTP/1.1 over kept-alive
connections with the request bytes built up front: httpx cost about 4 ms of CPU per request (a fifth of a core
at 50/s, taken from the system under test on this 2-core machine); this costs a fraction of that. Latency is
measured from the request's *scheduled* time, so a stalled server cannot hide queueing (coordinated omission).
"""
from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import urlsplit

import psutil

from . import payload
from .stats import percentiles


async def run_fixed_rate(*, url: str, rate: float, seconds: float, tag: str, clients: int = 1) -> dict[str, Any]:
    """`clients` > 1: request i goes out on client i mod `clients`, each with its own kept-alive connections
    (`make bench-burst`: many companies at once rather than one busy client)."""
    n = max(1, int(rate * seconds))
    me = psutil.Process()
    cpu0 = me.cpu_times()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    late: list[float] = []
    pool = [_KeepAliveClient(url) for _ in range(max(1, clients))]
    try:
        async def one(i: int, due: float) -> None:
            body = payload.body_for(f"{tag}F{i:07d}")
            late.append(time.perf_counter() - due)
            try:
                key = str(await pool[i % len(pool)].post("/api/v1/enquiries", body))
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                key = type(exc).__name__
            latencies.append(time.perf_counter() - due)
            statuses[key] = statuses.get(key, 0) + 1

        t0 = time.perf_counter() + 0.2
        tasks = []
        for i in range(n):
            due = t0 + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i, due)))
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - t0
    finally:
        for client in pool:
            client.close()
    cpu1 = me.cpu_times()
    cpu = (cpu1.user + cpu1.system) - (cpu0.user + cpu0.system)
    return {
        "generator": "asyncio raw HTTP/1.1 keep-alive open loop (in the bench process)",
        "target_rate_per_s": rate,
        "requests": n,
        "clients": len(pool),
        "statuses": statuses,
        "wall_s": round(wall, 3),
        "achieved_rate_per_s": round(n / wall, 1) if wall else 0.0,
        "accept_latency_ms": {k: round(v * 1000, 2) for k, v in percentiles(latencies).items()},
        "send_lateness_ms": {k: round(v * 1000, 2) for k, v in percentiles(late).items()},
        "generator_cpu": {"cpu_s": round(cpu, 3), "share_of_one_core": round(cpu / wall, 3) if wall else 0.0},
    }


class ConnectionClosed(OSError):
    pass


class _KeepAliveClient:
    """Just enough HTTP/1.1 for one POST endpoint: kept-alive connections, Content-Length bodies, status codes."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._open: list[asyncio.StreamWriter] = []

    async def post(self, path: str, body: bytes) -> int:
        reused = bool(self._idle)
        try:
            return await self._post_once(path, body, fresh=False)
        except ConnectionClosed:
            if not reused:
                raise
            # The server closed a kept-alive connection (its keep-alive timeout) before it read the request:
            # nothing was processed, so the request goes again on a new connection.
            return await self._post_once(path, body, fresh=True)

    async def _post_once(self, path: str, body: bytes, *, fresh: bool) -> int:
        if self._idle and not fresh:
            reader, writer = self._idle.pop()
        else:
            reader, writer = await asyncio.open_connection(self._host, self._port)
            self._open.append(writer)
        writer.write(b"POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nContent-Length: %d"
                     b"\r\n\r\n%s" % (path.encode(), self._host.encode(), self._port, len(body), body))
        status_line = await reader.readline()
        if not status_line:
            writer.close()
            raise ConnectionClosed("connection closed before a response")
        status = int(status_line.split()[1])
        length, keep = 0, True
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                keep = False
        await reader.readexactly(length)
        if keep:
            self._idle.append((reader, writer))
        else:
            writer.close()
        return status

    def close(self) -> None:
        for writer in self._open:
            writer.close()
