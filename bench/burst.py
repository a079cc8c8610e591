"""`make bench-burst`: a summit-day burst — 3,000 enquiries within 60 s from many clients, then quiet (issue 20).

    python -m bench.burst        # BENCH_BURST_N (3000), BENCH_BURST_SECONDS (60), BENCH_BURST_CLIENTS (50),
                                 # BENCH_BURST_DEADLINE_S (300); JSON, table and PNG under bench/results/

Targets: every request answered 202 (intake's per-client limit lifted as in `make bench`), accept p99 under 300 ms
during the burst (intake answers while the pipeline queues), every enquiry with an opened case and a sent
acknowledgement within BENCH_BURST_DEADLINE_S of the burst's start, no service above 250 MB RSS. Each second the
harness reads the queue (JetStream: messages not yet delivered or not yet acked, summed over the durable consumers;
the outboxes' unpublished rows) and how many enquiries completed; the drain rate is completions per second.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil

from devstack.stack import Stack

from . import counters, payload, report, speed, system, timings
from .config import RESULTS_DIR
from .load_fixed import run_fixed_rate

TARGETS = {"accept_p99_ms_max": 300.0, "all_done_within_s_max": 300.0, "service_rss_mb_max": 250.0}
OUTBOX_DATABASES = ("intake", "assessment", "advisory", "notification")


@dataclass(frozen=True)
class BurstConfig:
    n: int = 3000
    seconds: float = 60.0
    clients: int = 50
    deadline_s: float = 300.0
    out: Path = RESULTS_DIR
    # BENCH_BURST_NICE=advisory,assessment,notification: those processes at nice 10, so intake (and the servers) get
    # the cores first — what a deployment does with CPU weights; an experiment, off by default.
    nice: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> BurstConfig:
        env = os.environ
        return cls(n=int(env.get("BENCH_BURST_N") or cls.n),
                   seconds=float(env.get("BENCH_BURST_SECONDS") or cls.seconds),
                   clients=int(env.get("BENCH_BURST_CLIENTS") or cls.clients),
                   deadline_s=float(env.get("BENCH_BURST_DEADLINE_S") or cls.deadline_s),
                   out=Path(env.get("BENCH_OUT") or RESULTS_DIR),
                   nice=tuple(n for n in (env.get("BENCH_BURST_NICE") or "").split(",") if n))


async def _outbox_backlog(stack: Stack) -> int:
    total = 0
    for db in OUTBOX_DATABASES:
        total += await counters.scalar(stack.database_url(db),
                                       f"SELECT {counters.BENCH_MARK} count(*) FROM outbox WHERE published_at IS NULL")
    return total


async def _sample(stack: Stack, dsns: dict[str, str], tag: str, started: float, samples: list[dict[str, Any]],
                  stop: asyncio.Event) -> None:
    """One row a second: queue depth, outbox backlog, accepted / opened / acknowledged / completed so far."""
    while not stop.is_set():
        tick = time.monotonic()
        try:
            js, backlog, times = await asyncio.gather(counters.jetstream(stack.nats_url), _outbox_backlog(stack),
                                                      timings.read_phase(dsns, tag))
            samples.append({"t_s": round(tick - started, 1), "accepted": len(times.submitted),
                            "queue_depth": js["depth"], "outbox_backlog": backlog,
                            "cases_opened": len(times.opened), "acks_sent": len(times.sent),
                            "completed": len(times.completed())})
        except Exception as exc:  # a missed sample is a gap in the table, not a failed run
            samples.append({"t_s": round(tick - started, 1), "error": repr(exc)[:200]})
        try:
            await asyncio.wait_for(stop.wait(), timeout=max(0.0, 1.0 - (time.monotonic() - tick)))
        except TimeoutError:
            pass


def _with_rates(samples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out, previous = [], None
    for row in samples:
        if "error" in row:
            out.append(row)
            continue
        if previous is not None:
            dt = row["t_s"] - previous["t_s"]
            row = row | {"accepted_per_s": round((row["accepted"] - previous["accepted"]) / dt, 1) if dt else None,
                         "drained_per_s": round((row["completed"] - previous["completed"]) / dt, 1) if dt else None}
        out.append(row)
        previous = row
    return out


def write_chart(rows: list[dict[str, Any]], path: Path, *, title: str) -> Path | None:
    """Queue depth and drain rate per second as a PNG (matplotlib, the bench's only plotting need)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    good = [r for r in rows if "error" not in r]
    t = [r["t_s"] for r in good]
    fig, depth_ax = plt.subplots(figsize=(10, 5), dpi=100)
    depth_ax.plot(t, [r["queue_depth"] for r in good], color="#1f4e79", label="queue depth (JetStream, all consumers)")
    depth_ax.plot(t, [r["outbox_backlog"] for r in good], color="#7f7f7f", linestyle="--",
                  label="unpublished outbox rows")
    depth_ax.set_xlabel("seconds since the burst started")
    depth_ax.set_ylabel("messages waiting")
    rate_ax = depth_ax.twinx()
    rate_ax.plot(t, [r.get("accepted_per_s") or 0 for r in good], color="#c55a11", alpha=0.6, label="accepted / s")
    drained = [r.get("drained_per_s") or 0 for r in good]
    rate_ax.plot(t, drained, color="#548235", alpha=0.35, label="completed (case + ack) / s")
    smooth = [sum(drained[max(0, i - 4):i + 1]) / len(drained[max(0, i - 4):i + 1]) for i in range(len(drained))]
    rate_ax.plot(t, smooth, color="#548235", label="completed / s, 5 s average")
    rate_ax.set_ylabel("enquiries per second")
    lines = depth_ax.get_legend_handles_labels()[0] + rate_ax.get_legend_handles_labels()[0]
    labels = depth_ax.get_legend_handles_labels()[1] + rate_ax.get_legend_handles_labels()[1]
    depth_ax.legend(lines, labels, loc="upper left", fontsize=8)
    depth_ax.set_title(title, fontsize=10)
    depth_ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def table(rows: list[dict[str, Any]]) -> str:
    """The per-second table as Markdown (also in the JSON)."""
    head = "| t (s) | accepted | accepted/s | queue depth | outbox | cases | acks | completed | drained/s |"
    lines = [head, "|" + "---|" * 9]
    for r in rows:
        if "error" in r:
            continue
        lines.append(f"| {r['t_s']} | {r['accepted']} | {r.get('accepted_per_s', '')} | {r['queue_depth']} | "
                     f"{r['outbox_backlog']} | {r['cases_opened']} | {r['acks_sent']} | {r['completed']} | "
                     f"{r.get('drained_per_s', '')} |")
    return "\n".join(lines)


async def _wait_until_done(dsns: dict[str, str], tag: str, *, expected: int, until: float) -> timings.PhaseTimes:
    while True:
        times = await timings.read_phase(dsns, tag)
        if (len(times.submitted) >= expected and len(times.completed()) == len(times.submitted)) \
                or time.monotonic() > until:
            return times
        await asyncio.sleep(1.0)


def _first_to_last(times: timings.PhaseTimes) -> float | None:
    done = times.completed()
    if not done or len(done) < len(times.submitted):
        return None
    first: datetime = min(times.submitted.values())
    last = max(max(times.opened[e], times.sent[e]) for e in done)
    return round((last - first).total_seconds(), 1)


async def run(cfg: BurstConfig, stack: Stack) -> dict[str, Any]:
    result: dict[str, Any] = {"kind": "burst", "config": {k: str(v) for k, v in vars(cfg).items()}}
    await asyncio.to_thread(stack.start_infrastructure)
    await asyncio.to_thread(stack.start_services)
    dsns = {s: stack.database_url(s) for s in ("intake", "advisory", "notification")}
    pids = system.service_pids(stack)
    for name in cfg.nice:
        psutil.Process(pids[name]).nice(10)
    with system.RssSampler(pids) as rss:
        result["machine_speed_gauge_ms"] = {"before": speed.gauge_ms()}
        cpu0 = rss.cpu_seconds() | {"postgres": system.postgres_cpu_seconds(stack)}
        tag = payload.new_tag()
        samples: list[dict[str, Any]] = []
        stop = asyncio.Event()
        started = time.monotonic()
        sampler = asyncio.create_task(_sample(stack, dsns, tag, started, samples, stop))
        load = await run_fixed_rate(url=stack.url("intake"), rate=cfg.n / cfg.seconds, seconds=cfg.seconds, tag=tag,
                                    clients=cfg.clients)
        accepted = load["statuses"].get("202", 0)
        times = await _wait_until_done(dsns, tag, expected=accepted, until=started + cfg.deadline_s + 60)
        await asyncio.sleep(2)  # two more rows: the queue at rest
        stop.set()
        await sampler
        cpu1 = rss.cpu_seconds() | {"postgres": system.postgres_cpu_seconds(stack)}
        result["machine_speed_gauge_ms"]["after"] = speed.gauge_ms()
    done = len(times.completed())
    result["load"] = load
    result["pipeline"] = timings.summarise(times)
    result["all_done_after_s"] = _first_to_last(times)
    result["per_second"] = _with_rates(samples)
    result["peak_rss_mb"] = {k: round(v, 1) for k, v in rss.peak_mb.items()}
    cpu: dict[str, float | None] = {k: round(1000 * (cpu1[k] - cpu0[k]) / done, 1) for k in cpu0} if done else {}
    cpu["total"] = round(sum(v for v in cpu.values() if v is not None), 1) if cpu else None
    result["cpu_ms_per_enquiry"] = cpu
    worst_rss = max((result["peak_rss_mb"].get(s, 0.0) for s in report.SERVICES), default=0.0)
    statuses = load["statuses"]
    result["targets"] = {
        "every_request_202": {"value": statuses, "limit": "all 202", "met": set(statuses) == {"202"}},
        "accept_p99_ms": {"value": load["accept_latency_ms"].get("p99"), "limit": TARGETS["accept_p99_ms_max"],
                          "met": (load["accept_latency_ms"].get("p99") or 1e9) < TARGETS["accept_p99_ms_max"]},
        "all_done_within_s": {"value": result["all_done_after_s"], "limit": TARGETS["all_done_within_s_max"],
                              "met": result["all_done_after_s"] is not None
                              and result["all_done_after_s"] <= TARGETS["all_done_within_s_max"]
                              and done == cfg.n},
        "service_rss_mb": {"value": worst_rss, "limit": TARGETS["service_rss_mb_max"],
                           "met": 0 < worst_rss <= TARGETS["service_rss_mb_max"]},
    }
    return result


def main() -> None:
    cfg = BurstConfig.from_env()
    var_dir = system.fresh_var_dir(Path(os.environ["BENCH_VAR_DIR"]) if os.environ.get("BENCH_VAR_DIR") else None)
    stack = system.make_stack(var_dir)
    previous = signal.signal(signal.SIGTERM, system.exit_on_sigterm)
    try:
        result = asyncio.run(run(cfg, stack))
    finally:
        stack.stop()
        signal.signal(signal.SIGTERM, previous)
    if not os.environ.get("BENCH_VAR_DIR") and not os.environ.get("BENCH_KEEP_VAR"):
        shutil.rmtree(var_dir, ignore_errors=True)
    path = report.write(result, cfg.out, name="burst")
    md = path.with_suffix(".md")
    md.write_text(table(result["per_second"]) + "\n")
    chart = write_chart(result["per_second"], path.with_suffix(".png"),
                        title=f"{cfg.n} enquiries in {cfg.seconds:.0f} s from {cfg.clients} clients")
    cpu = result["cpu_ms_per_enquiry"]
    print(f"\nCPU per enquiry: {cpu.get('total')} ms ({cpu}); machine-speed gauge "
          f"{result['machine_speed_gauge_ms']}")
    print(f"requests {result['load']['requests']} statuses {result['load']['statuses']} accept latency ms "
          f"{result['load']['accept_latency_ms']}")
    print(f"completed {result['pipeline']['completed']} of {result['pipeline']['accepted']}, all done after "
          f"{result['all_done_after_s']} s; peak RSS MB {result['peak_rss_mb']}")
    report.print_verdicts(result)
    print(f"\nresults: {path}\ntable: {md}\nchart: {chart}")


if __name__ == "__main__":
    main()
