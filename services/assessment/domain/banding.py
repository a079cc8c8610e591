"""Band from readiness and gates (§A3.4): A needs the A threshold and no open gate; gates cap the band at B."""
from __future__ import annotations

from collections.abc import Sequence

from shared.contracts.assessment import GateFinding
from shared.taxonomy.model import Band, BandThresholds

__all__ = ["BAND_RANK", "Band", "band_for", "open_gates"]
BAND_RANK: dict[str, int] = {"C": 0, "B": 1, "A": 2}


def open_gates(gates: Sequence[GateFinding]) -> list[str]:
    return [g.gate for g in gates if g.status == "open"]


def band_for(readiness_percent: float, gates: Sequence[GateFinding], thresholds: BandThresholds) -> Band:
    if readiness_percent >= thresholds.a_min_percent and not open_gates(gates):
        return "A"
    # An A-level score with open gates is capped at B rather than dropped: the gate is a review, not a verdict.
    if readiness_percent >= thresholds.b_min_percent:
        return "B"
    return "C"
