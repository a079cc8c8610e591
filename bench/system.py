"""The real system for a bench run: embedded NATS and PostgreSQL, the four services as processes, free ports,
a fresh var dir; plus a sampler of each process's peak RSS."""
from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import psutil

from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig

BENCH_ADVISOR = "bench-lead@defence-nrw.example"
BENCH_PASSWORD = "bench-password-not-secret"

# intake's per-client abuse limit (INTAKE_RATE_LIMIT, default 20/minute) would answer 429 to a load generator
# that sends everything from one address; the bench measures capacity, so it lifts the limit (the limiter's own
# cost stays in the measurement).
SERVICE_ENV = {"INTAKE_RATE_LIMIT": "1000000/second", "LOG_LEVEL": "WARNING"}


def fresh_var_dir(base: Path | None) -> Path:
    if base is not None:
        base.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="run-", dir=base))
    return Path(tempfile.mkdtemp(prefix="defence-bench-"))


def make_stack(var_dir: Path, *, service_env: dict[str, str] | None = None) -> Stack:
    config = StackConfig(root=var_dir, ports={s: free_port() for s in SERVICES},
                         service_env=SERVICE_ENV | (service_env or {}))
    return Stack(config)


def service_pids(stack: Stack) -> dict[str, int]:
    pids = {name: proc.pid for name, proc in stack.services.items() if proc.pid}
    if stack.nats and stack.nats.proc.pid:
        pids["nats-server"] = stack.nats.proc.pid
    if stack.smtp_sink and stack.smtp_sink.pid:
        pids["smtp-sink"] = stack.smtp_sink.pid
    return {k: v for k, v in pids.items() if v is not None}


def _postgres_processes(stack: Stack) -> list[psutil.Process]:
    """The postmaster and its children (a backend per connection); empty if PostgreSQL is not ours or gone."""
    if not stack.postgres or not stack.postgres.proc.pid:
        return []
    try:
        root = psutil.Process(stack.postgres.proc.pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def postgres_rss_mb(stack: Stack) -> float:
    """PostgreSQL is many processes (one per connection); their RSS overlaps in shared buffers, so this is
    the postmaster plus children's unique set size where available."""
    total = 0
    for p in _postgres_processes(stack):
        try:
            total += p.memory_full_info().uss
        except (psutil.Error, AttributeError):
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
    return total / 2**20


def postgres_cpu_seconds(stack: Stack) -> float:
    """User + system CPU seconds of the postmaster and its live children. The services' pooled connections live
    through the whole load, so the difference over it is PostgreSQL's share; a backend that exits in between
    takes its seconds with it (an undercount, never an overcount)."""
    procs = _postgres_processes(stack)
    if not procs:
        return float("nan")
    total = 0.0
    for proc in procs:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


class RssSampler:
    """Samples RSS of the given pids every `interval_s` in a thread; keeps the peak (MB) per name."""

    def __init__(self, pids: dict[str, int], *, interval_s: float = 0.25) -> None:
        self._procs = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.peak_mb: dict[str, float] = {name: 0.0 for name in pids}
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self._interval)

    def sample(self) -> None:
        for name, proc in self._procs.items():
            try:
                self.peak_mb[name] = max(self.peak_mb[name], proc.memory_info().rss / 2**20)
            except psutil.Error:
                pass

    def cpu_seconds(self) -> dict[str, float]:
        out = {}
        for name, proc in self._procs.items():
            try:
                t = proc.cpu_times()
                out[name] = t.user + t.system
            except psutil.Error:
                out[name] = float("nan")
        return out

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def start(stack: Stack) -> None:
    stack.start_infrastructure()
    stack.start_services()
    stack.create_advisor(email=BENCH_ADVISOR, name="Bench Lead", role="lead", password=BENCH_PASSWORD)




def exit_on_sigterm(*_: object) -> None:
    """SIGTERM (timeout, CI cancel) unwinds like Ctrl-C, so the `finally` that stops the stack runs."""
    raise SystemExit(143)
