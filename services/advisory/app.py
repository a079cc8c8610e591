"""advisory's composition root: the only place that builds the real objects and wires them."""
from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from shared.clock import SystemClock
from shared.http import SecurityHeaders
from shared.messaging.dead_letters import operator_dead_letters_router
from shared.metrics import plumbing_metrics
from shared.problems import PROBLEM_JSON, install_problem_handlers, problem_response
from shared.service import build_app
from shared.taxonomy import load_explanations, load_partner_directory, load_taxonomy

from .adapters.authn import PasswordAuthenticator
from .dependencies import AdvisoryDependencies
from .domain.rules import Refused
from .entrypoints import (
    api,
    api_actions,
    audit,
    auth,
    documents,
    exports,
    lagebild,
    login_throttles,
    public,
    ui,
    ui_actions,
)
from .entrypoints.background import (
    audit_pseudonymiser,
    auto_assigner,
    case_gauges,
    lagebild_folder,
    reassessment_poller,
    sla_poller,
)
from .entrypoints.counting import CountCommitted
from .entrypoints.security import LoginRequired
from .entrypoints.subscriptions import subscriptions
from .metrics import advisory_metrics
from .presentation.case_page import with_taxonomy_labels
from .settings import AdvisorySettings

MIGRATIONS = Path(__file__).parent / "migrations"
STATIC = Path(__file__).parent / "presentation" / "static"


def create_app(settings: AdvisorySettings | None = None) -> FastAPI:
    settings = settings or AdvisorySettings()
    plumbing = plumbing_metrics(settings.service_name)
    metrics = advisory_metrics()
    metrics.register_on(plumbing.registry)
    taxonomy = load_taxonomy()
    deps = AdvisoryDependencies(settings=settings, clock=SystemClock(), metrics=metrics, taxonomy=taxonomy,
                                partners=load_partner_directory(taxonomy=taxonomy),
                                authenticator=PasswordAuthenticator(),
                                explanations=with_taxonomy_labels(load_explanations(), taxonomy))
    background = [
        sla_poller(clock=deps.clock, metrics=metrics, interval_s=settings.sla_poll_interval_s,
                   ui_base_url=settings.ui_url),
        auto_assigner(clock=deps.clock, metrics=metrics, interval_s=settings.auto_assign_interval_s,
                      ui_base_url=settings.ui_url),
        reassessment_poller(clock=deps.clock, interval_s=settings.reassess_poll_interval_s,
                            ui_base_url=settings.ui_url),
        case_gauges(metrics=metrics, interval_s=settings.metrics_poll_interval_s),
        lagebild_folder(interval_s=settings.lagebild_fold_interval_s),
        audit_pseudonymiser(clock=deps.clock, interval_s=settings.audit_poll_interval_s,
                            retention_days=settings.audit_retention_days,
                            key=settings.audit_pseudonym_key or secrets.token_hex(16)),
    ]
    app = build_app(settings=settings, deps=deps, metrics=plumbing, migrations_dir=MIGRATIONS,
                    subscriptions=subscriptions(deps), title="DEFENCE.NRW onboarding – advisory",
                    background=background)
    install_problem_handlers(app)
    _install_refusal_handlers(app)
    for router in (auth.router, login_throttles.router, api.router, api_actions.router, ui.router,
                   ui_actions.router, public.router, exports.router, audit.router, documents.router,
                   lagebild.router):
        app.include_router(router)
    app.include_router(operator_dead_letters_router())  # operator token, not an advisor session
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders, extra={"Cache-Control": "no-store"})
    app.add_middleware(CountCommitted, sink=metrics.record)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def _install_refusal_handlers(app: FastAPI) -> None:
    @app.exception_handler(Refused)
    async def on_refused(request: Request, exc: Refused) -> Response:
        if _wants_html(request) and request.url.path.startswith("/cases/"):
            # Forms post to /cases/{id}/...: back to the case page, which explains the refusal in the UI language.
            case_path = "/".join(request.url.path.split("/")[:3])
            return RedirectResponse(f"{case_path}?error={exc.code}", status_code=303)
        body = {"type": f"urn:defence-nrw:advisory:{exc.code}", "title": exc.detail, "status": exc.status,
                "detail": exc.detail, "code": exc.code}
        return JSONResponse(body, status_code=exc.status, media_type=PROBLEM_JSON)

    @app.exception_handler(LoginRequired)
    async def on_login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_html(request):
            return RedirectResponse("/login", status_code=303)
        return problem_response(401, str(exc.detail), headers=dict(exc.headers) if exc.headers else None)
