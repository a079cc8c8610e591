"""Server-side rendering: Jinja2 with autoescape, the UI language, and labels from the taxonomy."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from shared.confusables import has_bidi_controls, looks_deceptive, strip_bidi_controls
from shared.dates import BERLIN
from shared.document_places import where_label
from shared.taxonomy import Taxonomy

from .case_page import number, size_text
from .i18n import pick_language, translate

LANG_COOKIE = "advisory_lang"
_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)


def _local(value: datetime | None) -> str:
    return value.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M") if value else "–"


def _bdi(value: Any) -> Markup:
    """Text someone else wrote, isolated from its surroundings: right-to-left text cannot reorder the page around
    it (`<bdi>`; block elements take `dir="auto"` instead)."""
    # The controls themselves are dropped on display too: a name that arrived with them (an event from before
    # intake removed them) then reads in its real order, and name_warnings says they were there.
    return Markup("<bdi>{}</bdi>").format("" if value is None else strip_bidi_controls(str(value)))


def name_warnings(name: str | None) -> list[str]:
    """Text keys of the warnings a company name earns: hidden direction controls, look-alike letters (TR39)."""
    if not name:
        return []
    return [key for key, hit in (("name.bidi", has_bidi_controls(name)), ("name.confusable", looks_deceptive(name)))
            if hit]


_env.filters["local"] = _local
_env.filters["bdi"] = _bdi


def language(request: Request) -> str:
    return pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


def render(request: Request, template: str, *, taxonomy: Taxonomy, status: int = 200,
           **context: Any) -> HTMLResponse:
    """The page in the request's language; `taxonomy` labels areas, sectors and regions."""
    lang = language(request)

    def label(kind: str, ident: str) -> str:
        try:
            return getattr(taxonomy, f"{kind}_label")(ident, lang)
        except StopIteration:
            return ident

    def name_flags(name: str | None) -> Markup:
        return Markup("").join(Markup(' <span class="badge warn name-warning" role="note">{}</span>').format(
            translate(lang, key)) for key in name_warnings(name))

    html = _env.get_template(template).render(
        lang=lang, t=lambda key, **v: translate(lang, key, **v), label=label, name_flags=name_flags,
        number=lambda value, pattern="#,##0.##": number(value, lang, pattern),
        size_text=lambda size: size_text(size, lang),
        found_where=lambda source: where_label(source or "", lang),
        other_lang="en" if lang == "de" else "de", path=request.url.path, **context)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in ("de", "en"):
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict", path="/", max_age=365 * 86400)
    return response
