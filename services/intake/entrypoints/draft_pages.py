"""Save and resume (the emailed link, one active per draft) and the documents step of the guided form."""
from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, Request
from pydantic import EmailStr, TypeAdapter, ValidationError
from starlette.datastructures import UploadFile
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shared.db import DB_UNAVAILABLE
from shared.document_places import where_label
from shared.http import BodyTooLarge

from ..adapters.draft_store import PgDraftStore
from ..adapters.unit_of_work import PgUnitOfWork
from ..dependencies import Deps, IntakeDependencies, Live
from ..domain.documents import MAX_FILE_BYTES
from ..domain.drafts import new_token
from ..presentation.error_catalogue import translate
from ..presentation.form_steps import STEPS, neighbours, step_by_id
from ..presentation.i18n import language, translator
from ..presentation.pages import message_page
from ..presentation.step_pages import STEP_BASE, save_page, saved_page, step_page, step_url
from ..use_cases.add_document import DocumentRejected
from ..use_cases.drafts import add_draft_document, open_draft, save_for_later, save_step
from .draft_session import (
    cookie_token,
    csrf_for,
    csrf_ok,
    current_draft,
    draft_documents_of,
    expired_page,
    set_cookie,
)
from .web import read_form

router = APIRouter(include_in_schema=False)
_EMAIL: TypeAdapter[str] = TypeAdapter(EmailStr)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # domain.drafts.new_token
DOCUMENTS = step_by_id("dokumente")
assert DOCUMENTS is not None  # form_steps.STEPS has it


def resume_url(deps: IntakeDependencies, token: str, lang: str) -> str:
    return f"{deps.settings.public_base_url}{STEP_BASE}/fortsetzen/{token}?lang={lang}"


@router.get(STEP_BASE + "/speichern", response_class=HTMLResponse)
async def ask_email(request: Request, deps: Deps, runtime: Live, lang: str | None = None) -> Response:
    lang = language(lang)
    token = cookie_token(request)
    draft = await current_draft(deps, runtime, token)
    if token is None or draft is None:
        return RedirectResponse(step_url(STEPS[0], lang), status_code=303)
    email = draft.email or (draft.answers.get("contact.email") or [""])[0]
    return save_page(lang=lang, url=request.url, csrf=csrf_for(deps, token), email=email)


@router.post(STEP_BASE + "/speichern", response_class=HTMLResponse)
async def save_and_send(request: Request, deps: Deps, runtime: Live) -> Response:
    form = await read_form(request)
    lang = language((form.get("lang") or [""])[0])
    token = cookie_token(request)
    if token is None or not csrf_ok(deps, token, form):
        return expired_page(request, lang, status_code=400)
    email = (form.get("email") or [""])[0].strip()
    try:
        email = _EMAIL.validate_python(email)
    except ValidationError:
        kind = "missing" if not email else "value_error"
        return save_page(lang=lang, url=request.url, csrf=csrf_for(deps, token), email=email, status_code=422,
                         error=translate(kind, field="contact.email", lang=lang))
    fresh = new_token()
    try:
        draft = await save_for_later(PgUnitOfWork(runtime.require_pool(), PgDraftStore), token, new_token=fresh,
                                     email=email, language=lang, resume_url=lambda t: resume_url(deps, t, lang),
                                     clock=deps.clock)
    except DB_UNAVAILABLE:
        return message_page(lang=lang, url=request.url, title_key="unavailable.title", text_key="unavailable.text",
                            status_code=503, headers={"Retry-After": "5"})
    if draft is None:
        return expired_page(request, lang, status_code=410)
    expires = draft.expires_at.strftime("%d.%m.%Y" if lang == "de" else "%d %B %Y")
    response = saved_page(lang=lang, url=request.url, reference=draft.reference, email=email, expires=expires,
                          continue_url=f"{STEP_BASE}/pruefen?lang={lang}")
    set_cookie(response, fresh, deps)  # this browser goes on with the new token; the old link is void
    return response


@router.get(STEP_BASE + "/fortsetzen/{token}", response_class=HTMLResponse)
async def resume(token: str, request: Request, deps: Deps, runtime: Live) -> Response:
    draft = await open_draft(PgUnitOfWork(runtime.require_pool(), PgDraftStore), token,
                             clock=deps.clock) if _TOKEN.fullmatch(token) else None
    if draft is None or draft.submitted_enquiry_id is not None:
        return message_page(lang=language(request.query_params.get("lang")), url=request.url,
                            title_key="resume.invalid.title", text_key="resume.invalid.text", status_code=404,
                            back_url=step_url(STEPS[0], language(request.query_params.get("lang"))))
    # Straight to the overview of every step, and the token out of the address bar.
    response = RedirectResponse(f"{STEP_BASE}/pruefen?lang={draft.language}", status_code=303)
    set_cookie(response, token, deps)
    return response


async def _multipart(request: Request) -> tuple[dict[str, list[str]], UploadFile | None]:
    try:
        form = await request.form(max_files=1)
    except Exception as exc:
        if isinstance(exc, BodyTooLarge) or isinstance(exc.__cause__, BodyTooLarge):
            raise BodyTooLarge() from exc
        raise
    upload = form.get("file")
    fields = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form.keys()}
    return fields, upload if isinstance(upload, UploadFile) and upload.filename else None


async def post_documents_step(request: Request, deps: IntakeDependencies, runtime: Live, *, token: str,
                              lang: str) -> Response:
    """Upload, remove, share and move on; the classification screen is the API's (use_cases/add_document.py)."""
    assert DOCUMENTS is not None
    form, upload = await _multipart(request)
    action = (form.get("action") or ["next"])[0]
    if upload is not None:
        action = "upload"
    uow = PgUnitOfWork(runtime.require_pool(), PgDraftStore)
    draft = await current_draft(deps, runtime, token)
    if draft is None:  # the first thing this browser does is an upload: the draft starts here
        draft = await save_step(uow, token, answers={"contact.language": [lang]}, language=lang, clock=deps.clock)
    async with uow.transaction() as store:
        shared = {uuid.UUID(v) for v in form.get("share", []) if _is_uuid(v)}
        await store.set_document_sharing(draft.id, shared=shared)
        if action.startswith("remove:") and _is_uuid(action[7:]):
            await store.remove_draft_document(draft.id, uuid.UUID(action[7:]))
    previous, following = neighbours(DOCUMENTS)
    if action == "back" and previous:
        return RedirectResponse(step_url(previous, lang), status_code=303)
    if action == "next" and following:
        target = f"{STEP_BASE}/pruefen?lang={lang}" if (form.get("return_to") or [""])[0] == "check" else step_url(
            following, lang)
        return RedirectResponse(target, status_code=303)
    if action == "save":
        return RedirectResponse(f"{STEP_BASE}/speichern?lang={lang}", status_code=303)
    if action != "upload":
        return RedirectResponse(step_url(DOCUMENTS, lang), status_code=303)
    t = translator(lang)
    extra: dict[str, object] = {}
    status = 200
    if upload is None:
        extra["upload_error"], status = t("documents.no_file"), 422
    else:
        content = await upload.read(MAX_FILE_BYTES + 1)
        try:
            outcome = await add_draft_document(uow, draft, file_name=upload.filename, content=content,
                                               reader=deps.document_reader, clock=deps.clock)
        except DocumentRejected as rejected:
            extra["upload_error"], status = t(f"document.refused.{rejected.reason}"), 422
        else:
            if outcome.refused is not None:
                deps.metrics.documents_refused.labels(outcome.refused.mark).inc()
                extra["classified"] = {"name": outcome.name, "mark": outcome.refused.mark,
                                       "where": where_label(outcome.refused.found_in, lang)}
                status = 422
            else:
                extra["upload_notice"] = t("documents.added").format(name=outcome.name)
    return step_page(catalog=deps.catalog, step=DOCUMENTS, lang=lang, url=request.url, values=draft.answers,
                     csrf=csrf_for(deps, token), status_code=status,
                     extra=extra | {"documents": await draft_documents_of(deps, runtime, token)})


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
