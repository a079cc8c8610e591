"""`make run` as a user meets it: the stack ends with its process however that ends (SIGHUP when the terminal
closes, SIGKILL), and a second start while one runs fails at once, naming the port and who holds it."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from devstack.proc import free_port
from tests.support.waiting import eventually

ROOT = Path(__file__).resolve().parents[2]
GONE_WITHIN_S = 10.0


def _env(var_dir: Path, ports: dict[str, int]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_DATABASE_URL", "_PORT")) and k not in
           ("NATS_URL", "SMTP_HOST")}
    return env | {"VAR_DIR": str(var_dir), "PROMETHEUS_PORT": "0", "PYTHONUNBUFFERED": "1"} | {
        k: str(v) for k, v in ports.items()}


@pytest.fixture(scope="module")
def ports() -> dict[str, int]:
    names = ("INTAKE_PORT", "ADVISORY_PORT", "ASSESSMENT_PORT", "NOTIFICATION_PORT", "NATS_PORT", "POSTGRES_PORT",
             "SMTP_PORT")
    return {name: free_port() for name in names}


class RunningStack:
    def __init__(self, var_dir: Path, ports: dict[str, int]) -> None:
        self.var_dir = var_dir
        self.out = var_dir.parent / f"devstack-{time.monotonic_ns()}.out"
        with open(self.out, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=_env(var_dir, ports),
                                         stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        return self.out.read_text(errors="replace")

    async def running(self) -> list[psutil.Process]:
        async def banner() -> bool:
            assert self.proc.poll() is None, f"make run ended:\n{self.output()}"
            return "is running" in self.output()

        await eventually(banner, timeout=120, interval=0.3, what="the make run banner")
        parent = psutil.Process(self.proc.pid)
        family = parent.children(recursive=True)
        recorded = {json.loads(f.read_text())["pid"] for f in (self.var_dir / "run").glob("*.pid")}
        assert recorded - {parent.pid} <= {p.pid for p in family}, "every recorded pid is a child of the stack"
        assert len(family) >= 7, [p.cmdline() for p in family]  # 4 services, NATS, PostgreSQL(+backends), sink
        return family

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@pytest.fixture
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.getbasetemp() / "devstack-var"


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def _all_gone(family: list[psutil.Process]) -> float:
    started = time.monotonic()

    async def gone() -> bool:
        return not any(_alive(p) for p in family)

    await eventually(gone, timeout=GONE_WITHIN_S, interval=0.2, what="no process of the stack left")
    return time.monotonic() - started


async def test_sighup_stops_everything_and_a_second_start_names_the_port_and_holder(
        var_dir: Path, ports: dict[str, int]) -> None:
    first = RunningStack(var_dir, ports)
    try:
        family = await first.running()
        started = time.monotonic()
        second = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "devstack"], cwd=ROOT,
                                         env=_env(var_dir, ports), capture_output=True, text=True, timeout=30)
        took = time.monotonic() - started
        assert second.returncode == 1 and took < 5, (took, second.stderr)
        intake = next(p for p in family if "services.intake" in " ".join(p.cmdline()))
        assert f"{ports['INTAKE_PORT']} (intake, INTAKE_PORT) is held by pid {intake.pid}" in second.stderr
        assert "services.intake" in second.stderr and "make stop" in second.stderr
        print(f"second start refused after {took:.2f} s")

        os.kill(first.proc.pid, signal.SIGHUP)
        print(f"SIGHUP: all {len(family)} processes gone after {await _all_gone(family):.1f} s")
        assert await asyncio.to_thread(first.proc.wait, 5) == 0
        assert "stopped." in first.output()
    finally:
        first.stop()


async def test_sigkill_takes_every_child_with_it(var_dir: Path, ports: dict[str, int]) -> None:
    stack = RunningStack(var_dir, ports)
    try:
        family = await stack.running()
        os.kill(stack.proc.pid, signal.SIGKILL)
        print(f"SIGKILL: all {len(family)} processes gone after {await _all_gone(family):.1f} s")
    finally:
        stack.stop()
    # PostgreSQL was stopped with its fast shutdown, not killed: the next start needs no crash recovery.
    log = (var_dir / "pgdata.log").read_text(errors="replace")
    assert "received fast shutdown request" in log
