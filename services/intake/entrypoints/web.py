"""The public enquiry form (server-rendered, works without JavaScript) and the privacy notice."""
from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, Request
from starlette.datastructures import FormData as StarletteForm
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shared.db import DB_UNAVAILABLE
from shared.http import BodyTooLarge
from shared.service import Runtime

from ..adapters.enquiry_store import PgEnquiryStore
from ..adapters.unit_of_work import PgUnitOfWork
from ..dependencies import Deps, IntakeDependencies, Live
from ..domain.submission import CONSENT_TEXT_VERSION, EnquirySubmission
from ..presentation.form_validation import validate_form
from ..presentation.i18n import language
from ..presentation.pages import form_page, message_page
from ..presentation.render import render
from ..use_cases import submit
from .honeypot import record_honeypot_hit

router = APIRouter(include_in_schema=False)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def form_action(lang: str) -> str:
    # The language rides in the URL as well as in the form: the pages answered before the body is read
    # (too large, too many requests) can only see the URL.
    return f"/?lang={lang}"


async def read_form(request: Request) -> dict[str, list[str]]:
    """The posted fields. Over the size limit, BodySizeLimit stops the stream and answers the request itself
    (app.py's refusal page): BodyTooLarge is raised here, unwrapped, for it."""
    try:
        form: StarletteForm = await request.form()
    except Exception as exc:
        if _too_large(exc):
            raise BodyTooLarge() from exc
        raise
    return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form.keys()}


def _too_large(exc: BaseException) -> bool:
    # Starlette's BaseHTTPMiddleware reads the body in a task group, so the error may come wrapped.
    if isinstance(exc, BaseExceptionGroup):
        return exc.subgroup(BodyTooLarge) is not None
    return isinstance(exc, BodyTooLarge) or isinstance(exc.__cause__, BodyTooLarge)


@router.get("/", response_class=HTMLResponse)
async def enquiry_form(lang: str | None = None) -> Response:
    """The guided form (entrypoints/guided_form.py) starts here. POST / still takes the whole form at once."""
    return RedirectResponse(f"/anfrage/unternehmen?lang={language(lang)}", status_code=303)


@router.post("/", response_class=HTMLResponse)
async def submit_form(request: Request, deps: Deps, runtime: Live) -> HTMLResponse:
    form = await read_form(request)
    lang = language((form.get("lang") or [""])[0])
    result = validate_form(form, known=deps.known_ids, lang=lang)
    if result.submission is None:
        return form_page(catalog=deps.catalog, lang=lang, url=request.url, action=form_action(lang), values=form,
                         errors=result.errors, status_code=422)
    if result.submission.website_confirm:
        # Honeypot filled in (after the same checks as everyone): a success page whose status link works.
        decoy = record_honeypot_hit(deps, source="form")
        return _success(request, deps, lang=lang, reference=decoy.reference, enquiry_id=decoy.enquiry_id)
    return await _accept(request, deps, runtime, result.submission, lang=lang, form=form)


async def _accept(request: Request, deps: IntakeDependencies, runtime: Runtime, submission: EnquirySubmission, *,
                  lang: str, form: dict[str, list[str]]) -> HTMLResponse:
    # The token is rendered into each form: a double click posts it twice and gets the same enquiry back.
    token = (form.get("form_token") or [""])[0]
    key = f"form:{token}" if _TOKEN.match(token) else None
    try:
        accepted = await submit.submit_enquiry(
            PgUnitOfWork(runtime.require_pool(), PgEnquiryStore), submission, idempotency_key=key, source="form",
            clock=deps.clock, status_url=deps.status_url,
        )
    except submit.IdempotencyConflict:
        # This page was sent before and then changed (back button): show it again with a fresh token,
        # so sending it once more is a deliberate second enquiry.
        return form_page(catalog=deps.catalog, lang=lang, url=request.url, action=form_action(lang), values=form,
                         status_code=409)
    except DB_UNAVAILABLE:
        return message_page(lang=lang, url=request.url, title_key="unavailable.title", text_key="unavailable.text",
                            status_code=503, headers={"Retry-After": "5"})
    if not accepted.replayed:
        deps.metrics.enquiries_accepted.labels(submission.company.sector_of_origin.value,
                                               submission.company.kreis).inc()
    return _success(request, deps, lang=lang, reference=accepted.reference, enquiry_id=accepted.enquiry_id)


def _success(request: Request, deps: IntakeDependencies, *, lang: str, reference: str,
             enquiry_id: uuid.UUID) -> HTMLResponse:
    return render("success.html", lang=lang, url=request.url, reference=reference,
                  status_url=deps.status_url(enquiry_id))


@router.get("/datenschutz", response_class=HTMLResponse)
async def privacy_notice(request: Request, lang: str | None = None) -> HTMLResponse:
    return render("privacy.html", lang=language(lang), url=request.url, consent_version=CONSENT_TEXT_VERSION)
