"""Page builders shared by the form and status routes."""
from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.datastructures import URL, QueryParams
from starlette.responses import HTMLResponse
from starlette.types import Scope

from shared.taxonomy import PartnerDirectory, Taxonomy

from ..domain.form_mapping import ROW_COUNT
from ..domain.submission import CONSENT_TEXT_VERSION
from .choices import Choices, build_choices
from .form_steps import STEPS
from .form_view import FormView
from .i18n import language
from .render import render, summary_label


class Catalog:
    """Taxonomy, partner directory and the labelled choices derived from them (built once per language)."""

    def __init__(self, *, taxonomy: Taxonomy, partners: PartnerDirectory) -> None:
        self.taxonomy = taxonomy
        self.partners = partners
        self._choices: dict[str, Choices] = {}

    def choices(self, lang: str) -> Choices:
        if lang not in self._choices:
            self._choices[lang] = build_choices(taxonomy=self.taxonomy, partners=self.partners, lang=lang)
        return self._choices[lang]


def _row_range(values: Mapping[str, Sequence[str]], prefix: str) -> range:
    """Enough rows for what was posted (the script may have added some), at least ROW_COUNT."""
    used = [int(k.split(".")[len(prefix.split("."))]) for k in values
            if k.startswith(prefix + ".") and k.split(".")[len(prefix.split("."))].isdigit()]
    return range(max(ROW_COUNT, max(used, default=-1) + 1))


def form_page(*, catalog: Catalog, lang: str, url: URL, action: str, values: Mapping[str, Sequence[str]],
              errors: Mapping[str, str] | None = None, mode: str = "new", status_code: int = 200,
              **extra: Any) -> HTMLResponse:
    rows = {"competences": _row_range(values, "competences"),
            "further_sites": _row_range(values, "company.further_nrw_sites"),
            "offerings": _row_range(values, "offerings"), "certifications": _row_range(values, "certifications"),
            "shareholders": _row_range(values, "compliance.shareholders")}
    context: dict[str, Any] = {"question": None, "respond_by": None} | extra
    return render(
        "form.html", lang=lang, url=url, status_code=status_code,
        form=FormView(values=values, errors=errors or {}), choices=catalog.choices(lang), rows=rows,
        action=action, mode=mode, form_token=uuid.uuid4().hex, consent_version=CONSENT_TEXT_VERSION,
        steps=STEPS, guided=False,
        summary_label=lambda name: summary_label(name, lang=lang), **context,
    )


def message_page(*, lang: str, url: URL, title_key: str, text_key: str, status_code: int,
                 back_url: str | None = None, headers: dict[str, str] | None = None) -> HTMLResponse:
    return render("message.html", lang=lang, url=url, status_code=status_code, headers=headers,
                  title_key=title_key, text_key=text_key, back_url=back_url)


def refusal_page(scope: Scope, *, title_key: str, text_key: str, status_code: int,
                 headers: dict[str, str] | None = None) -> HTMLResponse | None:
    """The page for a browser whose post was refused before its body was read (too large, too many): in the
    language the form's URL carries. None for the JSON API, which answers with a problem document."""
    if scope["path"].startswith("/api/"):
        return None
    lang = language(QueryParams(scope.get("query_string", b"")).get("lang"))
    return message_page(lang=lang, url=URL(scope=scope), title_key=title_key, text_key=text_key,
                        status_code=status_code, headers=headers)
