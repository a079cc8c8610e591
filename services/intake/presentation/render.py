"""Jinja2 set-up and the bits every page needs (language, language switch, labels for the error summary)."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.datastructures import URL
from starlette.responses import HTMLResponse

from .i18n import translator

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    auto_reload=False,  # templates ship with the code; no stat() per render
)


def switch_url(url: URL, lang: str) -> str:
    """The same page in the other language (a POSTed form switches back to the empty GET page)."""
    other = "en" if lang == "de" else "de"
    params = [(k, v) for k, v in parse_qsl(url.query) if k not in ("lang", "amended")]
    return f"{url.path}?{urlencode([*params, ('lang', other)])}"


def summary_label(name: str, *, lang: str) -> str:
    """'offerings.1.trl' -> 'Technologiereifegrad (TRL) (Angebot 2)': what the error summary names."""
    t = translator(lang)
    parts = name.split(".")
    rows = {"competences": "competences", "offerings": "offerings", "certifications": "certifications",
            "shareholders": "shareholders", "further_nrw_sites": "further_sites"}
    for i, part in enumerate(parts):
        if part.isdigit() and parts[i - 1] in rows:
            base = rows[parts[i - 1]]
            field = ".".join(parts[i + 1:])
            return f"{t(f'{base}.{field}')} ({t(f'{base}.row')} {int(part) + 1})"
    special = {"competences": "competences.legend", "capability_interests": "capability.legend",
               "funding_interests": "funding.legend", "compliance.shareholders": "shareholders.legend"}
    key = special.get(name, name)
    try:
        return t(key)
    except KeyError:
        return name


def render(template: str, *, lang: str, url: URL, status_code: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    html = _ENV.get_template(template).render(
        lang=lang, other_lang="en" if lang == "de" else "de", t=translator(lang),
        switch_url=switch_url(url, lang), **context,
    )
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store", **(headers or {})})
