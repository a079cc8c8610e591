"""Keep the Lagebild's rollups small: the triggers only append delta rows (a shared counter row made every case of
a month, sector and Kreis wait for the others' transactions); this folds them per key now and then."""
from __future__ import annotations

from .ports import LagebildRollups


async def fold_lagebild_deltas(rollups: LagebildRollups) -> int:
    """One pass; the figures are exact before and after (readers sum per key), only smaller to read."""
    return await rollups.fold()
