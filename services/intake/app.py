"""intake's composition root: the only place that builds real objects."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from shared.clock import SystemClock
from shared.http import BodySizeLimit, BodyTooLarge, SecurityHeaders
from shared.messaging.dead_letters import operator_dead_letters_router
from shared.metrics import plumbing_metrics
from shared.problems import FieldError, install_problem_handlers, problem_response
from shared.service import Runtime, build_app
from shared.taxonomy import load_partner_directory, load_taxonomy

from .adapters.rate_limit_store import PgRateLimitStorage
from .adapters.reconciliation_store import UNCONFIRMED_SUBMISSION
from .adapters.text_extraction import TesseractTextExtractor
from .dependencies import IntakeDependencies
from .domain.known_ids import KnownIds
from .domain.submission import error_location, error_message
from .entrypoints import (
    api,
    document_download,
    documents_api,
    draft_pages,
    erasure_api,
    guided_form,
    status_pages,
    web,
)
from .entrypoints.background import draft_purge_loop, erasure_finisher_loop, reconciliation_loop, retention_loop
from .entrypoints.openapi import install_openapi
from .entrypoints.rate_limit import RateLimit
from .entrypoints.subscriptions import subscriptions
from .metrics import IntakeMetrics
from .presentation.pages import Catalog, refusal_page
from .presentation.render import STATIC
from .settings import IntakeSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    plumbing = plumbing_metrics(settings.service_name)
    taxonomy = load_taxonomy()
    partners = load_partner_directory(taxonomy=taxonomy)
    deps = IntakeDependencies(
        settings=settings, clock=SystemClock(), metrics=IntakeMetrics.on(plumbing.registry),
        catalog=Catalog(taxonomy=taxonomy, partners=partners),
        known_ids=KnownIds(competence_fields=taxonomy.field_ids, capability_areas=taxonomy.area_ids,
                           partners=partners.ids),
        document_reader=TesseractTextExtractor(),
    )
    app = build_app(
        settings=settings, deps=deps, metrics=plumbing, migrations_dir=MIGRATIONS, subscriptions=subscriptions(deps),
        title="DEFENCE.NRW onboarding – intake",
        background=[
            reconciliation_loop(clock=deps.clock, metrics=deps.metrics, interval_s=settings.reconcile_interval_s,
                                older_than_s=settings.reconcile_after_s),
            erasure_finisher_loop(interval_s=settings.erasure_poll_s, nats_servers=settings.nats_servers),
            retention_loop(clock=deps.clock, retention_days=settings.retention_days),
            draft_purge_loop(clock=deps.clock, interval_s=settings.draft_purge_interval_s),
        ],
        outbox_kept_while=UNCONFIRMED_SUBMISSION,
    )
    install_problem_handlers(app)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(BodyTooLarge, _body_too_large)
    install_openapi(app, known=deps.known_ids)
    app.include_router(api.router)
    app.include_router(documents_api.router)
    app.include_router(document_download.router)
    app.include_router(erasure_api.router)
    app.include_router(operator_dead_letters_router())
    app.include_router(web.router)
    app.include_router(draft_pages.router)  # before the guided form's /anfrage/{step_id}
    app.include_router(guided_form.router)
    app.include_router(status_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The last added sees a request first: security headers (so the refusals below get them too), size limit,
    # rate limit.
    runtime: Runtime = app.state.runtime  # the pool exists once the app has started; the storage asks then
    app.add_middleware(RateLimit, limit=settings.rate_limit, trusted_proxies=settings.trusted_proxy_set,
                       storage=PgRateLimitStorage(runtime.require_pool))
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, refusal=_too_large_page,
                       limit_for=documents_api.upload_body_limit)
    app.add_middleware(SecurityHeaders)
    return app


def _too_large_page(scope: Scope) -> HTMLResponse | None:
    # Browsers send a form with its Content-Length, so this page, not the form route, answers an oversized form.
    return refusal_page(scope, title_key="toolarge.title", text_key="toolarge.text", status_code=413,
                        headers={"Connection": "close"})


async def _invalid_request(_: Request, exc: Exception) -> JSONResponse:
    """Like the shared handler, but our rules are listed under the field they name."""
    assert isinstance(exc, RequestValidationError)  # the only exception this handler is registered for
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in error_location(err) if p != "body"]
        errors.append(FieldError(field=".".join(loc) or "(body)", message=error_message(err), type=err["type"]))
    return problem_response(422, "The request is not valid.", "See errors for each field.", errors=errors)


async def _body_too_large(_: Request, __: Exception) -> Response:
    # A streamed body without Content-Length crossed the limit while a route was reading it. BodySizeLimit
    # discards whatever the app answers then and sends its own refusal; this only keeps it from being a 500.
    return Response(status_code=413)
