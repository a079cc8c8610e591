"""Pages of the guided form: a step, the check-your-answers page, save and resume, the documents step."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.datastructures import URL
from starlette.responses import HTMLResponse

from ..domain.drafts import row_count
from ..domain.submission import CONSENT_TEXT_VERSION
from .check_view import step_answers
from .form_steps import STEPS, Step, neighbours
from .form_view import FormView
from .pages import Catalog
from .render import render, summary_label

STEP_BASE = "/anfrage"


def step_url(step: Step | str, lang: str, **extra: str) -> str:
    step_id = step if isinstance(step, str) else step.id
    query = "&".join([f"lang={lang}", *(f"{k}={v}" for k, v in extra.items())])
    return f"{STEP_BASE}/{step_id}?{query}"


def _rows(step: Step, values: Mapping[str, Sequence[str]]) -> dict[str, range]:
    names = {"competences": "competences", "company.further_nrw_sites": "further_sites",
             "offerings": "offerings", "certifications": "certifications", "compliance.shareholders": "shareholders"}
    rows = {name: range(0) for name in names.values()}
    for group in step.rows:
        rows[names[group.prefix]] = range(row_count(values, group.prefix, default=group.default_rows))
    return rows


def _progress(step_id: str) -> dict[str, Any]:
    index = next((i for i, s in enumerate(STEPS) if s.id == step_id), len(STEPS))
    return {"steps": STEPS, "current_index": index, "total": len(STEPS)}


def step_page(*, catalog: Catalog, step: Step, lang: str, url: URL, values: Mapping[str, Sequence[str]],
              csrf: str, errors: Mapping[str, str] | None = None, status_code: int = 200,
              return_to_check: bool = False, extra: Mapping[str, Any] | None = None) -> HTMLResponse:
    """`extra`: the documents step's documents, upload notice, upload error or classified refusal."""
    previous, following = neighbours(step)
    context: dict[str, Any] = {"documents": [], "upload_notice": None, "classified": None,
                               "upload_error": None} | dict(extra or {})
    return render(
        "step.html", lang=lang, url=url, status_code=status_code, step=step, previous=previous, following=following,
        form=FormView(values=values, errors=errors or {}), choices=catalog.choices(lang), rows=_rows(step, values),
        action=step_url(step, lang), csrf=csrf, guided=True, return_to_check=return_to_check,
        consent_version=CONSENT_TEXT_VERSION, step_url=lambda s: step_url(s, lang),
        summary_label=lambda name: summary_label(name, lang=lang),
        **_progress(step.id), **context,
    )


def check_page(*, catalog: Catalog, lang: str, url: URL, values: Mapping[str, Sequence[str]], csrf: str,
               incomplete: set[str], documents: Sequence[Any], reference: str) -> HTMLResponse:
    sections = [(s, step_answers(s, values, choices=catalog.choices(lang), lang=lang))
                for s in STEPS]
    return render("check.html", lang=lang, url=url, sections=sections, incomplete=incomplete, documents=documents,
                  csrf=csrf, reference=reference, step_url=lambda s: step_url(s, lang, pruefen="1"),
                  action=f"{STEP_BASE}/absenden?lang={lang}", **_progress("pruefen"))


def save_page(*, lang: str, url: URL, csrf: str, email: str, error: str | None = None,
              status_code: int = 200) -> HTMLResponse:
    return render("save.html", lang=lang, url=url, status_code=status_code, csrf=csrf,
                  form=FormView(values={"email": [email]}, errors={"email": error} if error else {}),
                  action=f"{STEP_BASE}/speichern?lang={lang}", back_url=step_url(STEPS[0], lang))


def saved_page(*, lang: str, url: URL, reference: str, email: str, expires: str, continue_url: str) -> HTMLResponse:
    return render("saved.html", lang=lang, url=url, reference=reference, email=email, expires=expires,
                  continue_url=continue_url)
