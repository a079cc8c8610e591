"""Look-alike and direction-changing characters in names, from Unicode TR39 data (the `confusable-homoglyphs`
package bundles confusables.txt and Scripts.txt; ADR 10 says why that package).

- `BIDI_CONTROLS`: the characters that reorder displayed text (U+202E turns "exe.pdf" into "fdp.exe").
- `skeleton(text)`: TR39's skeleton (NFD, each character to its prototype, NFD): two strings that look alike have
  the same skeleton, so "Rheinmеtall" with a Cyrillic е and "Rheinmetall" compare equal.
- `looks_deceptive(text)`: the name mixes scripts and has characters that look like Latin letters.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from confusable_homoglyphs import confusables as tr39

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def has_bidi_controls(text: str) -> bool:
    return BIDI_CONTROLS.search(text) is not None


@cache
def _prototypes() -> dict[str, str]:
    """source character -> its prototype, rebuilt from the package's table.

    The package stores each confusables.txt line `source -> prototype` in both directions. A source is never a
    prototype in TR39, so a source's own entry is exactly its one prototype; a prototype lists all its sources.
    When both entries have one item (a prototype with a single source), the file order decides: the package adds
    the source first."""
    table = tr39.confusables_data
    order = {key: i for i, key in enumerate(table)}
    out: dict[str, str] = {}
    for char, entries in table.items():
        if len(entries) != 1:
            continue
        target = entries[0]["c"].strip("\u200e")  # the package wraps right-to-left glyphs in LRMs
        back = table.get(entries[0]["c"], [])
        if len(back) > 1 or order.get(entries[0]["c"], -1) > order[char]:
            out[char] = target
    return out


def skeleton(text: str) -> str:
    prototypes = _prototypes()
    mapped = "".join(prototypes.get(c, c) for c in unicodedata.normalize("NFD", strip_bidi_controls(text)))
    return unicodedata.normalize("NFD", mapped)


def looks_deceptive(text: str) -> bool:
    """Mixed scripts with a character that can pass for a Latin one ("name contains characters that look like
    Latin letters"). Pure German, French or Cyrillic names are not flagged; "Rheinmеtall" with a Cyrillic е is."""
    return bool(tr39.is_dangerous(strip_bidi_controls(text), preferred_aliases=["latin"]))
