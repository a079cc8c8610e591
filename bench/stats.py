"""Percentiles without numpy."""
from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values; NaN for none."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return float(sorted_values[min(rank, len(sorted_values)) - 1])


def percentiles(values: Sequence[float], ps: tuple[int, ...] = (50, 95, 99)) -> dict[str, float]:
    ordered = sorted(values)
    out = {f"p{p}": percentile(ordered, p) for p in ps}
    out["max"] = float(ordered[-1]) if ordered else math.nan
    return out
