"""The guided form: one topic per step, Back that keeps everything, validation per step, rows added and removed by
submit buttons (works without JavaScript), a check-your-answers page and the one final submit.

Every post keeps the step's answers in the draft (server-side, found by the cookie's token); nothing about an
enquiry is published before the final submit."""
from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shared.db import DB_UNAVAILABLE

from ..adapters.draft_store import PgDraftStore, PgDraftSubmissionStore
from ..adapters.unit_of_work import PgUnitOfWork
from ..dependencies import Deps, IntakeDependencies, Live
from ..domain.drafts import Answers, add_row, merge_step, new_token, remove_row, without_meta
from ..presentation.form_steps import MAX_ROWS, STEPS, Step, neighbours, row_group, step_by_id, step_of
from ..presentation.form_validation import validate_form
from ..presentation.i18n import language
from ..presentation.pages import message_page
from ..presentation.render import render
from ..presentation.step_pages import STEP_BASE, check_page, step_page, step_url
from ..use_cases.drafts import save_step
from ..use_cases.submit_draft import DraftGone, submit_draft
from .draft_pages import post_documents_step
from .draft_session import (
    cookie_token,
    csrf_for,
    csrf_ok,
    draft_answers,
    draft_documents_of,
    draft_reference,
    expired_page,
    set_cookie,
    token_or_new,
    was_submitted,
)
from .honeypot import record_honeypot_hit
from .web import read_form

router = APIRouter(include_in_schema=False)


def errors_by_step(deps: IntakeDependencies, answers: Answers, lang: str) -> dict[str, dict[str, str]]:
    """Every validation error of the whole form, grouped by the step that shows its field."""
    result = validate_form(without_meta(answers), known=deps.known_ids, lang=lang)
    grouped: dict[str, dict[str, str]] = {}
    for name, message in result.errors.items():
        owner = step_of(name) or STEPS[0]
        grouped.setdefault(owner.id, {})[name] = message
    return grouped


@router.get("/anfrage", response_class=HTMLResponse)
async def start(lang: str | None = None) -> Response:
    return RedirectResponse(step_url(STEPS[0], language(lang)), status_code=303)


@router.get(STEP_BASE + "/{step_id}", response_class=HTMLResponse)
async def show_step(step_id: str, request: Request, deps: Deps, runtime: Live, lang: str | None = None,
                    pruefen: str | None = None) -> Response:
    if step_id == "pruefen":
        return await show_check(request, deps, runtime, lang)
    step = step_by_id(step_id)
    if step is None:
        return message_page(lang=language(lang), url=request.url, title_key="status.not_found.title",
                            text_key="status.not_found", status_code=404)
    token, fresh = token_or_new(request)
    answers, exists = await draft_answers(deps, runtime, None if fresh else token)
    if not fresh and not exists and await was_submitted(deps, runtime, token):
        token, fresh = new_token(), True  # this browser sent its enquiry: a new one starts afresh
    lang = language(lang or (answers.get("contact.language") or [""])[0])
    # The preferred language starts as the page's: left alone on step 8 it would otherwise be German (the contract's
    # default), and a company that filled the form in English would get its emails in German.
    values = {"contact.language": [lang], **answers}
    extra = {"documents": await draft_documents_of(deps, runtime, token)} if step.template is None and exists else {}
    response = step_page(catalog=deps.catalog, step=step, lang=lang, url=request.url, values=values,
                         csrf=csrf_for(deps, token), return_to_check=pruefen == "1", extra=extra)
    if fresh:
        set_cookie(response, token, deps)
    return response


@router.post(STEP_BASE + "/absenden", response_class=HTMLResponse)
async def submit(request: Request, deps: Deps, runtime: Live) -> Response:
    form = await read_form(request)
    lang = language((form.get("lang") or [""])[0])
    token = cookie_token(request)
    if token is None or not csrf_ok(deps, token, form):
        return expired_page(request, lang, status_code=400)
    answers, exists = await draft_answers(deps, runtime, token)
    result = validate_form(without_meta(answers) | {"website_confirm": form.get("website_confirm", [])},
                           known=deps.known_ids, lang=lang)
    if exists and result.submission is None:
        grouped = errors_by_step(deps, answers, lang)
        first = next(s for s in STEPS if s.id in grouped)
        return step_page(catalog=deps.catalog, step=first, lang=lang, url=request.url, values=answers,
                         csrf=csrf_for(deps, token), errors=grouped[first.id], status_code=422, return_to_check=True)
    if result.submission is not None and result.submission.website_confirm:
        decoy = record_honeypot_hit(deps, source="form")
        return _success(request, deps, lang=lang, reference=decoy.reference, status_url=deps.status_url(
            decoy.enquiry_id))
    try:
        accepted = await submit_draft(PgUnitOfWork(runtime.require_pool(), PgDraftSubmissionStore), token,
                                      result.submission, clock=deps.clock, status_url=deps.status_url)
    except DraftGone:
        return expired_page(request, lang, status_code=410)
    except DB_UNAVAILABLE:
        return message_page(lang=lang, url=request.url, title_key="unavailable.title", text_key="unavailable.text",
                            status_code=503, headers={"Retry-After": "5"})
    if not accepted.replayed and result.submission is not None:
        deps.metrics.enquiries_accepted.labels(result.submission.company.sector_of_origin.value,
                                               result.submission.company.kreis).inc()
    return _success(request, deps, lang=lang, reference=accepted.reference,
                    status_url=deps.status_url(accepted.enquiry_id))


@router.post(STEP_BASE + "/{step_id}", response_class=HTMLResponse)
async def post_step(step_id: str, request: Request, deps: Deps, runtime: Live) -> Response:
    step = step_by_id(step_id)
    form = await read_form(request)
    lang = language((form.get("lang") or [""])[0])
    token = cookie_token(request)
    if step is None or token is None or not csrf_ok(deps, token, form):
        return expired_page(request, lang, status_code=400)
    if step.template is None:
        return await post_documents_step(request, deps, runtime, token=token, lang=lang)
    action = (form.get("action") or ["next"])[0]
    answers, _ = await draft_answers(deps, runtime, token)
    answers = merge_step(answers, form, step.owns)
    answers = _row_action(answers, action)
    try:
        await save_step(PgUnitOfWork(runtime.require_pool(), PgDraftStore), token, answers=answers, language=lang,
                        clock=deps.clock)
    except DB_UNAVAILABLE:
        return message_page(lang=lang, url=request.url, title_key="unavailable.title", text_key="unavailable.text",
                            status_code=503, headers={"Retry-After": "5"})
    return_to_check = (form.get("return_to") or [""])[0] == "check"
    return after_save(deps, request, step=step, action=action, answers=answers, lang=lang, token=token,
                      return_to_check=return_to_check)


def _row_action(answers: Answers, action: str) -> Answers:
    kind, _, target = action.partition(":")
    if kind == "add" and (group := row_group(target)):
        return add_row(answers, group.prefix, default=group.default_rows, max_rows=MAX_ROWS)
    prefix, _, index = target.rpartition(":")
    if kind == "remove" and (group := row_group(prefix)) and index.isdigit():
        return remove_row(answers, group.prefix, int(index), default=group.default_rows)
    return answers


def after_save(deps: IntakeDependencies, request: Request, *, step: Step, action: str, answers: Answers, lang: str,
               token: str, return_to_check: bool) -> Response:
    """Where a step's post leads once its answers are kept."""
    previous, following = neighbours(step)
    extra = {"pruefen": "1"} if return_to_check else {}
    if action.startswith(("add:", "remove:")):
        anchor = "#f-" + action.split(":")[1].replace(".", "-")
        return RedirectResponse(step_url(step, lang, **extra) + anchor, status_code=303)
    if action == "save":
        return RedirectResponse(f"{STEP_BASE}/speichern?lang={lang}", status_code=303)
    if action == "back":
        return RedirectResponse(step_url(previous or step, lang), status_code=303)
    errors = errors_by_step(deps, answers, lang).get(step.id)
    if errors:
        return step_page(catalog=deps.catalog, step=step, lang=lang, url=request.url, values=answers,
                         csrf=csrf_for(deps, token), errors=errors, status_code=422, return_to_check=return_to_check)
    if return_to_check or following is None:
        return RedirectResponse(f"{STEP_BASE}/pruefen?lang={lang}", status_code=303)
    return RedirectResponse(step_url(following, lang), status_code=303)


async def show_check(request: Request, deps: IntakeDependencies, runtime: Live, lang: str | None) -> Response:
    token = cookie_token(request)
    answers, exists = await draft_answers(deps, runtime, token)
    lang = language(lang)
    if token is None or not exists:
        return RedirectResponse(step_url(STEPS[0], lang), status_code=303)
    return check_page(catalog=deps.catalog, lang=lang, url=request.url, values=answers, csrf=csrf_for(deps, token),
                      incomplete=set(errors_by_step(deps, answers, lang)),
                      documents=await draft_documents_of(deps, runtime, token),
                      reference=await draft_reference(deps, runtime, token))


def _success(request: Request, deps: IntakeDependencies, *, lang: str, reference: str,
             status_url: str) -> HTMLResponse:
    return render("success.html", lang=lang, url=request.url, reference=reference, status_url=status_url)
