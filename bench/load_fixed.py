"""Fixed-rate, open-loop load: request i is due at t0 + i/rate whatever earlier requests do.

wrk2 is not packaged in Debian; 50 enquiries/s is well within an asyncio/httpx client's reach. Latency is
measured from the request's *scheduled* time, so a stalled server cannot hide queueing (coordinated omission).
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import psutil

from . import payload
from .stats import percentiles


async def run_fixed_rate(*, url: str, rate: float, seconds: float, tag: str) -> dict[str, Any]:
    n = max(1, int(rate * seconds))
    me = psutil.Process()
    cpu0 = me.cpu_times()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    late: list[float] = []
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        async def one(i: int, due: float) -> None:
            body = payload.body_for(f"{tag}F{i:07d}")
            late.append(time.perf_counter() - due)
            try:
                r = await client.post("/api/v1/enquiries", content=body,
                                      headers={"content-type": "application/json"})
                key = str(r.status_code)
            except httpx.HTTPError as exc:
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
    cpu1 = me.cpu_times()
    cpu = (cpu1.user + cpu1.system) - (cpu0.user + cpu0.system)
    return {
        "generator": "asyncio+httpx open loop (in the bench process)",
        "target_rate_per_s": rate,
        "requests": n,
        "statuses": statuses,
        "wall_s": round(wall, 3),
        "achieved_rate_per_s": round(n / wall, 1) if wall else 0.0,
        "accept_latency_ms": {k: round(v * 1000, 2) for k, v in percentiles(latencies).items()},
        "send_lateness_ms": {k: round(v * 1000, 2) for k, v in percentiles(late).items()},
        "generator_cpu": {"cpu_s": round(cpu, 3), "share_of_one_core": round(cpu / wall, 3) if wall else 0.0},
    }
