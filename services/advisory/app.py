"""advisory's composition root."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from shared.http import SecurityHeaders
from shared.problems import install_problem_handlers
from shared.service import build_app

from .entrypoints import api, auth
from .entrypoints.subscriptions import SUBSCRIPTIONS
from .settings import AdvisorySettings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: AdvisorySettings | None = None) -> FastAPI:
    settings = settings or AdvisorySettings()
    app = build_app(settings=settings, migrations_dir=MIGRATIONS, subscriptions=SUBSCRIPTIONS,
                    title="DEFENCE.NRW onboarding – advisory")
    install_problem_handlers(app)
    app.include_router(auth.router)
    app.include_router(api.router)
    app.add_middleware(SecurityHeaders, extra={"Cache-Control": "no-store"})
    return app
