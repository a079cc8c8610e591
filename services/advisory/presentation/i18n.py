"""Every text of the workbench in German (default) and English. Taxonomy labels come from shared.taxonomy."""
from __future__ import annotations

from .i18n_case import CASE_TEXTS
from .i18n_lagebild import LAGEBILD_TEXTS
from .i18n_profile import PROFILE_FACT_TEXTS
from .i18n_texts import TEXTS as WORKBENCH_TEXTS

TEXTS = {**WORKBENCH_TEXTS, **CASE_TEXTS, **LAGEBILD_TEXTS, **PROFILE_FACT_TEXTS}

LANGUAGES = ("de", "en")


def pick_language(query: str | None, cookie: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    return "de"


def translate(lang: str, key: str, **values: object) -> str:
    entry = TEXTS.get(key)
    if entry is None:
        return key
    text = entry[0] if lang == "de" else entry[1]
    return text.format(**values) if values else text
