"""intake's composition root: the only place that builds real objects."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from shared.http import BodySizeLimit, SecurityHeaders
from shared.problems import install_problem_handlers
from shared.service import build_app

from .entrypoints import api
from .entrypoints.subscriptions import SUBSCRIPTIONS
from .metrics import enquiries_accepted
from .settings import IntakeSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    app = build_app(settings=settings, migrations_dir=MIGRATIONS, subscriptions=SUBSCRIPTIONS,
                    title="DEFENCE.NRW onboarding – intake")
    runtime = app.state.runtime
    runtime.extras["enquiries_accepted"] = enquiries_accepted(runtime.metrics.registry)
    install_problem_handlers(app)
    app.include_router(api.router)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app
