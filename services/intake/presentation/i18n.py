"""Page texts in German and English (presentation/texts.yaml), loaded once."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
_TEXTS = Path(__file__).parent / "texts.yaml"


@cache
def texts() -> dict[str, tuple[str, str]]:
    raw = yaml.safe_load(_TEXTS.read_text(encoding="utf-8"))
    bad = sorted(k for k, v in raw.items() if not (isinstance(v, list) and len(v) == 2 and all(v)))
    if bad:
        raise ValueError(f"{_TEXTS}: every text needs a German and an English version: {bad}")
    return {str(k): (str(v[0]), str(v[1])) for k, v in raw.items()}


def language(requested: str | None) -> str:
    return requested if requested in LANGUAGES else DEFAULT_LANGUAGE


def translator(lang: str) -> Callable[[str], str]:
    index = 1 if lang == "en" else 0
    table = texts()

    def t(key: str) -> str:
        # A missing key is a bug in a template; fail loudly in tests rather than show a key to people.
        return table[key][index]

    return t
