"""A machine-speed gauge: a fixed pure-Python workload timed in the same run as the measurements.

This shared machine's speed swings by a third within minutes, so CPU per enquiry of two runs can only be compared
next to how fast the machine was then. The workload is what our services spend their time on in miniature
(dict and string work in the interpreter), deterministic, single-threaded and free of I/O; the gauge is the best
of a few runs, the least disturbed by the other core's load.
"""
from __future__ import annotations

import time


def _workload() -> int:
    table: dict[str, int] = {}
    total = 0
    for i in range(200_000):
        key = f"enquiry-{i % 997}"
        table[key] = table.get(key, 0) + i
        total += len(key) ^ (i & 0xFF)
    return total + sum(table.values())


def gauge_ms(*, runs: int = 5) -> float:
    """Milliseconds for the fixed workload on this machine now (best of `runs`): lower is faster."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        _workload()
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)
