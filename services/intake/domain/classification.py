"""Screening uploads for classification marks (§A2.2, gate G6): pure rules over text already extracted.

Two kinds of mark, decided with the domain notes (§A2.2: "block likely uploads"; the levels VS-NfD < VS-VERTRAULICH
< GEHEIM < STRENG GEHEIM and their NATO and EU equivalents):
- *distinctive* marks ("VS-NfD", "NUR FÜR DEN DIENSTGEBRAUCH", "VS-VERTRAULICH", "NATO RESTRICTED", "RESTREINT UE",
  "COSMIC TOP SECRET" ...) never occur in ordinary prose, so they count in any case and spacing;
- *word* marks ("VERTRAULICH", "GEHEIM", "STRENG GEHEIM", "EU SECRET" ...) are also everyday words ("vertraulich
  behandeln", "streng geheim" as an idiom), so they count only where written as a stamp is: in capitals, as whole
  words. Compounds and inflections ("Vertraulichkeitsvereinbarung", "geheime Zutat", "GEHEIMHALTUNG") never count.
  A sentence typed all in capitals ("BITTE VERTRAULICH BEHANDELN") is refused: a false alarm costs the company one
  re-upload, a miss puts classified material on an open system.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractedText:
    """One piece of an upload's text and where it came from ("body", "header", "metadata", "page 2 (OCR)" ...)."""
    source: str
    text: str


@dataclass(frozen=True)
class MarkFound:
    mark: str       # the canonical mark, e.g. "VS-NfD"
    source: str     # where in the file
    excerpt: str    # the text as found (normalised), for the record


_L = "A-Za-zÄÖÜäöüßÉéÈèÊê"                 # letters that make a word continue
_B, _E = f"(?<![{_L}])", f"(?![{_L}])"   # whole-word boundaries that know umlauts
_DASH = r"\s*-?\s*"
_VS = r"V\s?S"
_UE = r"\w{1,2}"                         # typewriters write Ü as UE or U, OCR reads it as U, A, R ...


def _word(text: str) -> str:
    return r"\s*".join(re.escape(part) for part in text.split())


# (canonical mark, pattern); more specific marks first, a match inside a longer one is dropped.
_DISTINCTIVE: tuple[tuple[str, str], ...] = (
    ("VS-NfD", rf"{_B}{_VS}{_DASH}NUR\s*F{_UE}R\s*DEN\s*DIENSTGEBRAUCH{_E}"),
    ("VS-NfD", rf"{_B}NUR\s*F{_UE}R\s*DEN\s*DIENSTGEBRAUCH{_E}"),
    ("VS-NfD", rf"{_B}{_VS}{_DASH}NFD{_E}"),
    ("VS-VERTRAULICH", rf"{_B}{_VS}{_DASH}VERTRAULICH{_E}"),
    ("COSMIC TOP SECRET", rf"{_B}COSMIC\s*TOP\s*SECRET{_E}"),
    ("NATO SECRET", rf"{_B}NATO{_DASH}SECRET{_E}"),
    ("NATO CONFIDENTIAL", rf"{_B}NATO{_DASH}CONFIDENTIAL{_E}"),
    ("NATO RESTRICTED", rf"{_B}NATO{_DASH}RESTRICTED{_E}"),
    ("TRÈS SECRET UE", rf"{_B}TR[ÈE]S\s*SECRET\s*UE{_E}"),
    ("SECRET UE", rf"{_B}SECRET\s*UE{_E}"),
    ("CONFIDENTIEL UE", rf"{_B}CONFIDENTIEL\s*UE{_E}"),
    ("RESTREINT UE", rf"{_B}RESTREINT\s*UE{_E}"),
)
_WORDS: tuple[tuple[str, str], ...] = (
    ("EU TOP SECRET", rf"{_B}{_word('EU TOP SECRET')}{_E}"),
    ("EU SECRET", rf"{_B}{_word('EU SECRET')}{_E}"),
    ("EU CONFIDENTIAL", rf"{_B}{_word('EU CONFIDENTIAL')}{_E}"),
    ("EU RESTRICTED", rf"{_B}{_word('EU RESTRICTED')}{_E}"),
    ("STRENG GEHEIM", rf"{_B}STRENG\s*GEHEIM{_E}"),
    ("GEHEIM", rf"{_B}GEHEIM{_E}"),
    ("VERTRAULICH", rf"{_B}VERTRAULICH{_E}"),
)
_DISTINCTIVE_RE = [(mark, re.compile(p, re.IGNORECASE)) for mark, p in _DISTINCTIVE]
_WORDS_RE = [(mark, re.compile(p, re.IGNORECASE)) for mark, p in _WORDS]
# A pattern runs only where its key word occurs at all: a plain substring search keeps megabytes of text fast.
_KEYS = {"VS-NfD": ("dienstgebrauch", "nfd"), "VS-VERTRAULICH": ("vertraulich",), "COSMIC TOP SECRET": ("secret",),
         "NATO SECRET": ("secret",), "NATO CONFIDENTIAL": ("confidential",), "NATO RESTRICTED": ("restricted",),
         "TRÈS SECRET UE": ("secret",), "SECRET UE": ("secret",), "CONFIDENTIEL UE": ("confidentiel",),
         "RESTREINT UE": ("restreint",), "EU TOP SECRET": ("secret",), "EU SECRET": ("secret",),
         "EU CONFIDENTIAL": ("confidential",), "EU RESTRICTED": ("restricted",), "STRENG GEHEIM": ("geheim",),
         "GEHEIM": ("geheim",), "VERTRAULICH": ("vertraulich",)}


def _keyed(lowered: str, mark: str) -> bool:
    return any(key in lowered for key in _KEYS[mark])
# "G E H E I M", "V S - N f D": stamps and letterheads space letters out; three or more single letters in a row
_SPACED = re.compile(rf"(?<![{_L}])(?:[{_L}][ \t]){{2,}}[{_L}](?![{_L}])")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad_]")


def normalise(text: str) -> str:
    """Unicode-fold, unify dashes, join letter-spaced words, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text)
    text = _SPACED.sub(lambda m: re.sub(r"[ \t]", "", m.group(0)), text)
    return re.sub(r"\s+", " ", text)


def _mostly_capitals(found: str) -> bool:
    letters = [c for c in found if c.isalpha()]
    return sum(c.isupper() for c in letters) * 3 >= len(letters) * 2


def marks_in(piece: ExtractedText) -> list[MarkFound]:
    text = normalise(piece.text)
    lowered = text.lower()
    hits: list[tuple[int, int, str]] = []
    for mark, pattern in _DISTINCTIVE_RE:
        if _keyed(lowered, mark):
            hits += [(m.start(), m.end(), mark) for m in pattern.finditer(text)]
    for mark, pattern in _WORDS_RE:
        if _keyed(lowered, mark):
            hits += [(m.start(), m.end(), mark) for m in pattern.finditer(text) if _mostly_capitals(m.group(0))]
    # Sorted by start, longer first: a hit inside an earlier, longer one ("GEHEIM" in "STRENG GEHEIM") is dropped.
    found: list[MarkFound] = []
    reach = -1
    for start, end, mark in sorted(hits, key=lambda h: (h[0], h[0] - h[1])):
        if end <= reach:
            continue
        reach = end
        found.append(MarkFound(mark=mark, source=piece.source, excerpt=text[start:end]))
    return found


def find_marks(pieces: Iterable[ExtractedText]) -> list[MarkFound]:
    """Every classification mark in the upload's text, in order of the pieces."""
    return [found for piece in pieces for found in marks_in(piece)]


def first_mark(pieces: Iterable[ExtractedText]) -> MarkFound | None:
    found = find_marks(pieces)
    return found[0] if found else None
