"""advisory's composition root."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from shared.http import SecurityHeaders
from shared.problems import PROBLEM_JSON, install_problem_handlers, problem_response
from shared.service import build_app
from shared.taxonomy import load_partner_directory, load_taxonomy

from .actions.common import Context
from .authn import PasswordAuthenticator
from .background import background_tasks
from .domain.rules import Refused
from .entrypoints import api, api_actions, auth, public, ui, ui_actions
from .entrypoints.counting import CountCommitted, counted
from .entrypoints.security import LoginRequired
from .entrypoints.subscriptions import SUBSCRIPTIONS
from .metrics import advisory_metrics
from .settings import AdvisorySettings

MIGRATIONS = Path(__file__).parent / "migrations"
STATIC = Path(__file__).parent / "static"


def create_app(settings: AdvisorySettings | None = None) -> FastAPI:
    settings = settings or AdvisorySettings()
    # Made before the app (handlers and loops need them), registered on its registry once build_app made it.
    metrics = advisory_metrics()
    app = build_app(settings=settings, migrations_dir=MIGRATIONS,
                    subscriptions=counted(SUBSCRIPTIONS, sink=metrics.record),
                    title="DEFENCE.NRW onboarding – advisory", background=background_tasks(metrics))
    taxonomy = load_taxonomy()
    runtime = app.state.runtime
    metrics.register_on(runtime.metrics.registry)
    runtime.extras["business_metrics"] = metrics
    runtime.extras["authenticator"] = PasswordAuthenticator()
    runtime.extras["context"] = Context(partners=load_partner_directory(taxonomy=taxonomy),
                                        public_base_url=settings.ui_url)
    runtime.extras["taxonomy"] = taxonomy
    install_problem_handlers(app)
    _install_refusal_handlers(app)
    for router in (auth.router, api.router, api_actions.router, ui.router, ui_actions.router, public.router):
        app.include_router(router)
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
        return problem_response(401, str(exc.detail), headers=exc.headers)
