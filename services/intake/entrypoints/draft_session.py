"""The draft cookie of the guided form (an unguessable token; HttpOnly, SameSite=Lax) and its CSRF field."""
from __future__ import annotations

from fastapi import Request
from starlette.responses import HTMLResponse, Response

from shared.service import Runtime

from ..adapters.draft_store import PgDraftStore
from ..adapters.unit_of_work import PgUnitOfWork
from ..dependencies import IntakeDependencies
from ..domain.drafts import DRAFT_DAYS, Answers, csrf_matches, csrf_token, new_token
from ..presentation.form_steps import STEPS
from ..presentation.pages import message_page
from ..presentation.step_pages import step_url
from ..use_cases.drafts import open_draft
from ..use_cases.ports import Draft, DraftDocument

COOKIE = "intake_draft"
COOKIE_PATH = "/anfrage"


def cookie_token(request: Request) -> str | None:
    token = request.cookies.get(COOKIE)
    return token if token and 20 <= len(token) <= 100 else None


def token_or_new(request: Request) -> tuple[str, bool]:
    """The draft token of this browser, or a new one (True: the response must set it)."""
    token = cookie_token(request)
    return (token, False) if token else (new_token(), True)


def set_cookie(response: Response, token: str, deps: IntakeDependencies) -> None:
    response.set_cookie(COOKIE, token, max_age=DRAFT_DAYS * 86400, path=COOKIE_PATH, httponly=True, samesite="lax",
                        secure=deps.settings.public_base_url.startswith("https://"))


def csrf_for(deps: IntakeDependencies, token: str) -> str:
    return csrf_token(deps.settings.status_token_secret, token)


def csrf_ok(deps: IntakeDependencies, token: str, form: dict[str, list[str]]) -> bool:
    sent = (form.get("csrf_token") or [""])[0]
    return bool(sent) and csrf_matches(deps.settings.status_token_secret, token, sent)


async def current_draft(deps: IntakeDependencies, runtime: Runtime, token: str | None) -> Draft | None:
    """The draft still being filled in behind the token (None for none, an expired or a submitted one)."""
    if token is None:
        return None
    draft = await open_draft(PgUnitOfWork(runtime.require_pool(), PgDraftStore), token, clock=deps.clock)
    return draft if draft is not None and draft.submitted_enquiry_id is None else None


async def draft_answers(deps: IntakeDependencies, runtime: Runtime, token: str | None) -> tuple[Answers, bool]:
    """The answers so far (empty for a new browser or a submitted draft) and whether a draft exists."""
    draft = await current_draft(deps, runtime, token)
    return (draft.answers, True) if draft else ({}, False)


async def draft_documents_of(deps: IntakeDependencies, runtime: Runtime, token: str) -> list[DraftDocument]:
    draft = await current_draft(deps, runtime, token)
    if draft is None:
        return []
    async with PgUnitOfWork(runtime.require_pool(), PgDraftStore).autocommit() as store:
        return await store.draft_documents(draft.id)


async def draft_reference(deps: IntakeDependencies, runtime: Runtime, token: str) -> str:
    draft = await current_draft(deps, runtime, token)
    return draft.reference if draft else ""


async def was_submitted(deps: IntakeDependencies, runtime: Runtime, token: str) -> bool:
    draft = await open_draft(PgUnitOfWork(runtime.require_pool(), PgDraftStore), token, clock=deps.clock)
    return draft is not None and draft.submitted_enquiry_id is not None


def expired_page(request: Request, lang: str, *, status_code: int) -> HTMLResponse:
    """No draft behind this browser's cookie (or a post without its CSRF field): start again, or use the email."""
    return message_page(lang=lang, url=request.url, title_key="draft.expired.title", text_key="draft.expired.text",
                        status_code=status_code, back_url=step_url(STEPS[0], lang))
