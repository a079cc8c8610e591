"""Optional py-spy sampling of the services during the maximum-rate run (BENCH_PROFILE_S=<seconds>).

Writes collapsed stacks (`--format raw`, one line per stack with its sample count) per service; `top_frames`
summarises the leaf functions that own the most samples, which is what docs/performance.md quotes.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path


def py_spy() -> str | None:
    candidate = Path(sys.executable).parent / "py-spy"
    return str(candidate) if candidate.exists() else shutil.which("py-spy")


def start_recording(pids: dict[str, int], *, seconds: float, out_dir: Path) -> list[tuple[str, Path, subprocess.Popen]]:
    exe = py_spy()
    if exe is None:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    running = []
    for name, pid in pids.items():
        path = out_dir / f"{name}.collapsed.txt"
        argv = [exe, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "50",
                "--format", "raw", "--nonblocking", "-o", str(path)]
        running.append((name, path, subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
    return running


def finish(running: list[tuple[str, Path, subprocess.Popen]]) -> dict[str, dict]:
    out = {}
    for name, path, proc in running:
        proc.wait(timeout=600)
        out[name] = {"file": str(path), **top_frames(path)} if path.exists() else {"error": "no profile written"}
    return out


def top_frames(path: Path, *, limit: int = 12) -> dict:
    """Samples per leaf frame and per 'inclusive' frame (anywhere on the stack), the largest first."""
    leaf: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        leaf[frames[-1]] += n
        for f in set(frames):
            inclusive[f] += n
    share = lambda c: [(f, round(n / total, 3)) for f, n in c.most_common(limit)] if total else []  # noqa: E731
    return {"samples": total, "top_leaf": share(leaf), "top_inclusive": share(inclusive)}
