"""Pid files under var/run/: what `make run` started, so `make stop` can end a stack whose terminal is gone
(or one left by an older version that did not take its children with it)."""
from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import psutil

STOP_WAIT_S = 15.0


def record(run_dir: Path, name: str, pid: int, *, stop_signal: int = signal.SIGTERM) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    try:
        created = psutil.Process(pid).create_time()
    except psutil.Error:
        return
    (run_dir / f"{name}.pid").write_text(json.dumps({"pid": pid, "created": created, "signal": int(stop_signal)}))


def forget(run_dir: Path) -> None:
    for f in run_dir.glob("*.pid"):
        f.unlink(missing_ok=True)


def _recorded(run_dir: Path) -> list[tuple[str, psutil.Process, int]]:
    """The recorded processes still alive (the same process: its start time matches, not a reused pid)."""
    alive = []
    for f in sorted(run_dir.glob("*.pid")):
        try:
            entry = json.loads(f.read_text())
            proc = psutil.Process(int(entry["pid"]))
            if abs(proc.create_time() - float(entry["created"])) < 1.0:
                alive.append((f.stem, proc, int(entry.get("signal", signal.SIGTERM))))
        except (ValueError, KeyError, psutil.Error):
            continue
    return alive


def stop_recorded(run_dir: Path) -> list[str]:
    """Stop the devstack process first (it stops its children in order), then whatever is still alive; returns what
    was stopped."""
    stopped: list[str] = []
    for name, proc, sig in sorted(_recorded(run_dir), key=lambda e: e[0] != "devstack"):
        if not proc.is_running():
            continue
        try:
            os.kill(proc.pid, sig)
        except ProcessLookupError:
            continue
        stopped.append(f"{name} (pid {proc.pid})")
        if name == "devstack":
            psutil.wait_procs([proc], timeout=STOP_WAIT_S + 15)
    rest = [proc for _, proc, _ in _recorded(run_dir)]
    _, still = psutil.wait_procs(rest, timeout=STOP_WAIT_S)
    for proc in still:
        try:
            proc.kill()
        except psutil.Error:
            pass
    deadline = time.monotonic() + 5
    while _recorded(run_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    forget(run_dir)
    return stopped
