"""The company's private status page, and the amendment form it offers while we wait for the company."""
from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shared.dates import format_date, format_datetime
from shared.db import DB_UNAVAILABLE
from shared.service import Runtime

from ..adapters.enquiry_store import PgEnquiryStore
from ..adapters.queries import get_enquiry, get_enquiry_data
from ..adapters.result_store import released_result
from ..adapters.unit_of_work import PgUnitOfWork
from ..dependencies import Deps, IntakeDependencies, Live
from ..domain.decoy import Decoy, decoy_for
from ..domain.form_prefill import form_values
from ..domain.reference import token_matches
from ..domain.status import EnquiryStatus, can_amend
from ..presentation.form_validation import validate_form
from ..presentation.i18n import language
from ..presentation.pages import form_page, message_page
from ..presentation.render import render
from ..presentation.result_view import result_view
from ..use_cases.amend import NotAmendable, amend_enquiry
from .web import read_form

router = APIRouter(include_in_schema=False)


def _url(enquiry_id: uuid.UUID, token: str, *, suffix: str = "", **params: str) -> str:
    return f"/status/{enquiry_id}{suffix}?{urlencode({'token': token, **params})}"


async def _authorised(deps: IntakeDependencies, runtime: Runtime, enquiry_id: str, token: str) -> Any:
    """The enquiry row when id and token match; None for unknown id and wrong token alike (no enumeration)."""
    try:
        eid = uuid.UUID(enquiry_id)
    except ValueError:
        return None
    if not token_matches(deps.settings.status_token_secret, eid, token):
        return None
    if decoy := decoy_for(deps.settings.status_token_secret, eid):
        return decoy
    async with runtime.require_pool().acquire() as conn:
        return await get_enquiry(conn, eid)


def _not_found(request: Request, lang: str | None) -> HTMLResponse:
    return message_page(lang=language(lang), url=request.url, title_key="status.not_found.title",
                        text_key="status.not_found", status_code=404)


@router.get("/status/{enquiry_id}", response_class=HTMLResponse)
async def status_page(request: Request, deps: Deps, runtime: Live, enquiry_id: str, token: str = "",
                      lang: str | None = None, amended: str | None = None) -> HTMLResponse:
    row = await _authorised(deps, runtime, enquiry_id, token)
    if row is None:
        return _not_found(request, lang)
    if isinstance(row, Decoy):  # a honeypot's answer: shown like any enquiry just received
        when = format_datetime(row.submitted_at, language(lang))
        return render("status.html", lang=language(lang), url=request.url, reference=row.reference,
                      status="received", question=None, respond_by=None, amend_url="", submitted_at=when,
                      updated_at=when, revision=1, amended=False, reassessment_on=None, result=None,
                      released_on=None)
    lang = language(lang or row["language"])
    async with runtime.require_pool().acquire() as conn:
        released = await released_result(conn, row["id"])
    return render(
        "status.html", lang=lang, url=request.url, reference=row["reference"],
        result=result_view(released, taxonomy=deps.catalog.taxonomy, lang=lang) if released else None,
        released_on=format_datetime(released["released_at"], lang) if released else None,
        status=row["status"], question=row["open_question"],
        respond_by=format_date(row["respond_by"], lang) if row["respond_by"] else None,
        amend_url=_url(row["id"], token, suffix="/amend", lang=lang),
        submitted_at=format_datetime(row["submitted_at"], lang), updated_at=format_datetime(row["updated_at"], lang),
        revision=row["revision"], amended=bool(amended),
        reassessment_on=format_date(row["reassessment_invited_for"], lang) if row["reassessment_invited_for"] else None,
    )


@router.get("/status/{enquiry_id}/amend", response_class=HTMLResponse)
async def amend_form(request: Request, deps: Deps, runtime: Live, enquiry_id: str, token: str = "",
                     lang: str | None = None) -> Response:
    row = await _authorised(deps, runtime, enquiry_id, token)
    if row is None:
        return _not_found(request, lang)
    if isinstance(row, Decoy):  # like a real enquiry that was only just received: nothing to amend yet
        return RedirectResponse(_url(row.enquiry_id, token, lang=language(lang)), status_code=303)
    lang = language(lang or row["language"])
    if not can_amend(EnquiryStatus(row["status"])):
        return RedirectResponse(_url(row["id"], token, lang=lang), status_code=303)
    async with runtime.require_pool().acquire() as conn:
        data = await get_enquiry_data(conn, row["id"])
    if data is None:
        return _not_found(request, lang)
    values = form_values({**data["profile"], "contact": data["contact"], "consents": data["consents"]})
    return _amend_page(request, deps, row, token=token, lang=lang, values=values)


def _amend_page(request: Request, deps: IntakeDependencies, row: Any, *, token: str, lang: str,
                values: dict[str, list[str]], errors: dict[str, str] | None = None,
                status_code: int = 200) -> HTMLResponse:
    return form_page(
        catalog=deps.catalog, lang=lang, url=request.url, action=_url(row["id"], token, suffix="/amend", lang=lang),
        values=values, errors=errors, mode="amend", status_code=status_code, question=row["open_question"],
        respond_by=format_date(row["respond_by"], lang) if row["respond_by"] else None,
    )


@router.post("/status/{enquiry_id}/amend", response_class=HTMLResponse)
async def submit_amendment(request: Request, deps: Deps, runtime: Live, enquiry_id: str,
                           token: str = "") -> Response:
    row = await _authorised(deps, runtime, enquiry_id, token)
    if row is None:
        return _not_found(request, None)
    if isinstance(row, Decoy):
        return RedirectResponse(_url(row.enquiry_id, token), status_code=303)
    form = await read_form(request)
    lang = language((form.get("lang") or [row["language"]])[0])
    result = validate_form(form, known=deps.known_ids, lang=lang)
    if result.submission is None:
        return _amend_page(request, deps, row, token=token, lang=lang, values=form, errors=result.errors,
                           status_code=422)
    try:
        await amend_enquiry(PgUnitOfWork(runtime.require_pool(), PgEnquiryStore), row["id"], result.submission,
                            clock=deps.clock)
    except NotAmendable:
        return RedirectResponse(_url(row["id"], token, lang=lang), status_code=303)
    except DB_UNAVAILABLE:
        return message_page(lang=lang, url=request.url, title_key="unavailable.title", text_key="unavailable.text",
                            status_code=503, headers={"Retry-After": "5"})
    return RedirectResponse(_url(row["id"], token, lang=lang, amended="1"), status_code=303)
