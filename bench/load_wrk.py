"""Maximum-rate load with wrk (a C generator, so it is not the bottleneck) and the Lua script enquiry.lua."""
from __future__ import annotations

import json
import math
import resource
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import psutil

from . import payload

LUA = Path(__file__).with_name("enquiry.lua")


def children_cpu_s() -> float:
    """CPU seconds of terminated, waited-for children: wrk's own cost once it has exited."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run_until_quota(argv: list[str], *, timeout_s: float) -> tuple[str, str]:
    """wrk has no request count: each Lua thread stops at its quota, but wrk's main thread sleeps for the whole
    -d duration. Once only the main thread is left, SIGINT makes wrk stop sleeping, report and exit."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    deadline, saw_workers = time.monotonic() + timeout_s, False
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            threads = watched.num_threads()
        except psutil.Error:
            break
        saw_workers = saw_workers or threads > 1
        if saw_workers and threads <= 1:
            proc.send_signal(signal.SIGINT)
            break
        time.sleep(0.05)
    if proc.poll() is None and time.monotonic() >= deadline:
        proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    if proc.returncode not in (0, -signal.SIGINT):
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{stdout}\n{stderr}")
    return stdout, stderr


def run_wrk(*, url: str, n: int, tag: str, threads: int, connections: int, workdir: Path,
            timeout_s: float = 300) -> dict[str, Any]:
    """POST about `n` enquiries as fast as the system accepts them; wrk's latency percentiles and CPU share."""
    threads = max(1, min(threads, n))
    connections = max(threads, min(connections, n))
    per_thread = math.ceil(n / threads)
    body_file = payload.write_template(workdir / "enquiry-template.json")
    argv = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{int(timeout_s)}s", "--timeout", "30s",
            "--latency", "-s", str(LUA), url, "--", str(body_file), str(per_thread), tag]
    cpu_before = children_cpu_s()
    started = time.monotonic()
    stdout, stderr = _run_until_quota(argv, timeout_s=timeout_s + 60)
    wall = time.monotonic() - started
    cpu = children_cpu_s() - cpu_before
    line = next((ln for ln in stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{stdout}\n{stderr}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    return {
        "generator": "wrk",
        "argv": argv,
        "threads": threads,
        "connections": connections,
        "requests": raw["requests"],
        "non_202": raw["non_202"],
        "socket_errors": {k.removeprefix("errors_"): raw[k] for k in raw if k.startswith("errors_")},
        "wall_s": round(wall, 3),
        "requests_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1) if raw["duration_us"] else 0.0,
        "accept_latency_ms": {p: round(raw[f"{p}_us"] / 1000, 2) for p in ("p50", "p95", "p99", "max", "mean")},
        "generator_cpu": {"cpu_s": round(cpu, 3), "share_of_one_core": round(cpu / wall, 3) if wall else 0.0},
    }
