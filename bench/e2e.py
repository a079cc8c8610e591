"""`make bench`: the whole system end to end against the machine's raw limits, in one run.

    python -m bench            # sizes from BENCH_* (see bench/config.py); JSON under bench/results/

Order: servers -> raw limits (services not yet started) -> services -> idle CPU -> maximum-rate run -> drain ->
fixed-rate run at half the maximum just measured -> drain -> timestamps from the databases -> counters -> targets
-> JSON.
"""
from __future__ import annotations

import asyncio
import math
import os
import platform
import shutil
import signal
import time
from typing import Any

import psutil

from devstack.stack import Stack

from . import counters, payload, profile, raw, report, speed, system, timings
from .config import BenchConfig
from .load_fixed import run_fixed_rate
from .load_wrk import run_wrk


def fixed_rate_for(cfg: BenchConfig, max_phase: dict[str, Any] | None) -> tuple[float, str]:
    """The fixed-rate run's rate: `rate_share` of the maximum sustained rate of the same run (issue 20: a share of
    the ceiling, not a fixed 50/s, which was the ceiling itself in this machine's slow phases), or BENCH_RATE."""
    if cfg.rate is not None:
        return cfg.rate, "BENCH_RATE"
    ceiling = ((max_phase or {}).get("pipeline") or {}).get("sustained_throughput_per_s")
    if not ceiling:
        return 10.0, "no maximum measured: 10/s"
    return round(cfg.rate_share * ceiling, 1), f"{cfg.rate_share} x maximum sustained {ceiling}/s"


async def _phase_fixed(stack: Any, cfg: BenchConfig, dsns: dict[str, str], rate: float, why: str) -> dict[str, Any]:
    tag = payload.new_tag()
    load = await run_fixed_rate(url=stack.url("intake"), rate=rate, seconds=cfg.rate_seconds, tag=tag)
    load["rate_chosen_as"] = why
    times = await timings.wait_for_drain(dsns, tag, stall_s=cfg.drain_stall_s)
    return {"tag": tag, "load": load, "pipeline": timings.summarise(times)}


async def _phase_max(stack: Any, cfg: BenchConfig, dsns: dict[str, str], pids: dict[str, int]) -> dict[str, Any]:
    tag = payload.new_tag()
    recording = profile.start_recording(pids, seconds=cfg.profile_s, out_dir=stack.root / "profiles") \
        if cfg.profile_s > 0 else []
    if cfg.use_wrk:
        load = await asyncio.to_thread(run_wrk, url=stack.url("intake"), n=cfg.n_max, tag=tag,
                                       threads=cfg.wrk_threads, connections=cfg.wrk_connections, workdir=stack.root)
    else:  # no wrk: a Python client is the bottleneck, so the number is a floor; the JSON says so
        load = await run_fixed_rate(url=stack.url("intake"), rate=1000.0, seconds=cfg.n_max / 1000.0, tag=tag)
        load["generator"] += " (wrk missing: NOT a maximum-rate generator)"
        load["requests_per_s"] = load["achieved_rate_per_s"]
    times = await timings.wait_for_drain(dsns, tag, stall_s=cfg.drain_stall_s)
    out = {"tag": tag, "load": load, "pipeline": timings.summarise(times)}
    if recording:
        out["profiles"] = await asyncio.to_thread(profile.finish, recording)
    return out


def _cpu_seconds(rss: system.RssSampler, stack: Stack) -> dict[str, float]:
    """CPU seconds so far of each service, nats-server, the sink and PostgreSQL (all its processes)."""
    return rss.cpu_seconds() | {"postgres": system.postgres_cpu_seconds(stack)}


async def _idle_cpu_ms_per_s(rss: system.RssSampler, stack: Stack, *, seconds: float) -> dict[str, float]:
    """CPU ms per second of each process while nothing is submitted: what the running system costs at rest
    (consumers waiting for messages, relays and timers polling), and a floor under every load figure."""
    before = _cpu_seconds(rss, stack)
    await asyncio.sleep(seconds)
    after = _cpu_seconds(rss, stack)
    out = {k: round(1000 * (after[k] - before[k]) / seconds, 1) for k in before}
    out["total"] = round(sum(v for v in out.values() if not math.isnan(v)), 1)
    return out


def _machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "load_avg_at_start": os.getloadavg(), "memory_mb": psutil.virtual_memory().total // 2**20}


async def run(cfg: BenchConfig, stack: Stack) -> dict[str, Any]:
    """Everything between starting and stopping the stack; the caller stops it, whatever happens here."""
    result: dict[str, Any] = {"kind": "e2e", "config": {k: str(v) for k, v in vars(cfg).items()},
                              "machine": _machine(), "var_dir": str(stack.root)}
    started = time.monotonic()
    await asyncio.to_thread(stack.start_infrastructure)
    statements = cfg.statements and await counters.enable_statement_stats(stack)
    assert stack.postgres is not None
    result["raw_limits"] = {
        "jetstream": await raw.jetstream_limits(stack.nats_url, messages=cfg.raw_js_messages),
        "postgres": await raw.postgres_commit_limit(stack.postgres.dsn("bench_raw"), seconds=cfg.raw_seconds),
    }
    await asyncio.to_thread(stack.start_services)
    dsns = {s: stack.database_url(s) for s in ("intake", "advisory", "notification")}
    pids = system.service_pids(stack)
    with system.RssSampler(pids) as rss:
        if cfg.idle_seconds > 0:
            result["idle_cpu_ms_per_s"] = await _idle_cpu_ms_per_s(rss, stack, seconds=cfg.idle_seconds)
        gauge_before = speed.gauge_ms()
        count0 = await counters.snapshot(stack, statements=statements)
        cpu0 = _cpu_seconds(rss, stack)
        result["max_rate"] = await _phase_max(stack, cfg, dsns, pids)
        rate, why = fixed_rate_for(cfg, result["max_rate"])
        result["fixed_rate"] = await _phase_fixed(stack, cfg, dsns, rate, why)
        cpu1 = _cpu_seconds(rss, stack)
        count1 = await counters.snapshot(stack, statements=statements)
        if statements:
            result["top_statements"] = await counters.top_statements(stack)
            result["most_called_statements"] = await counters.top_statements(stack, order="calls")
        result["machine_speed_gauge_ms"] = {"before": gauge_before, "after": speed.gauge_ms()}
    result["peak_rss_mb"] = {k: round(v, 1) for k, v in rss.peak_mb.items()}
    result["peak_rss_mb"]["postgres_uss_total_at_end"] = round(system.postgres_rss_mb(stack), 1)
    result["cpu_seconds_during_load"] = {k: round(cpu1[k] - cpu0[k], 2) for k in cpu0}
    result["cpu_ms_per_enquiry"] = report.cpu_per_enquiry(result)
    done = sum(result[p]["pipeline"]["completed"] for p in ("fixed_rate", "max_rate") if result.get(p))
    requests = sum(result[p]["load"]["requests"] for p in ("fixed_rate", "max_rate") if result.get(p))
    result["work_per_enquiry"] = counters.per_enquiry(count0, count1, enquiries=done, http_requests=requests)
    if cfg.baseline is not None:
        result["baseline"] = report.baseline_summary(cfg.baseline)
    result["wall_s"] = round(time.monotonic() - started, 1)
    result["ratios"] = report.ratios(result)
    result["targets"] = report.targets(result)
    return result


def run_in_stack(cfg: BenchConfig) -> dict[str, Any]:
    """Start a fresh stack, run, and always stop it (SIGTERM included), so no server outlives the bench."""
    var_dir = system.fresh_var_dir(cfg.var_dir)
    stack = system.make_stack(var_dir)
    previous = signal.signal(signal.SIGTERM, system.exit_on_sigterm)
    try:
        result = asyncio.run(run(cfg, stack))
    finally:
        stack.stop()
        signal.signal(signal.SIGTERM, previous)
    if cfg.var_dir is None and cfg.profile_s <= 0 and not os.environ.get("BENCH_KEEP_VAR"):
        shutil.rmtree(var_dir, ignore_errors=True)
    return result


def main() -> None:
    cfg = BenchConfig.from_env()
    result = run_in_stack(cfg)
    path = report.write(result, cfg.out, name="e2e")
    report.print_summary(result)
    print(f"\nresults: {path}")


if __name__ == "__main__":
    main()
