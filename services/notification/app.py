"""notification's composition root."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from prometheus_client import Counter

from shared.http import SecurityHeaders
from shared.problems import install_problem_handlers
from shared.service import Runtime, build_app

from .adapters.smtp import SmtpSender
from .dispatcher import Dispatcher
from .entrypoints import api
from .entrypoints.subscriptions import subscriptions
from .settings import NotificationSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: NotificationSettings | None = None) -> FastAPI:
    settings = settings or NotificationSettings()

    async def run_dispatcher(runtime: Runtime) -> None:
        dispatcher = Dispatcher(pool=runtime.require_pool(), sender=SmtpSender(settings), settings=settings,
                                metrics=runtime.extras)
        try:
            await dispatcher.run()
        finally:
            await dispatcher.close()

    app = build_app(settings=settings, migrations_dir=MIGRATIONS, subscriptions=subscriptions(settings),
                    title="DEFENCE.NRW onboarding – notification", background=[run_dispatcher])
    reg = app.state.runtime.metrics.registry
    app.state.runtime.extras.update(
        emails_sent=Counter("notification_emails_sent_total", "Emails accepted by SMTP", ("template", "language"),
                            registry=reg),
        emails_failed=Counter("notification_emails_failed_total", "Emails given up", ("template", "reason"),
                              registry=reg),
        emails_retried=Counter("notification_emails_retried_total", "Transient send failures", ("template",),
                               registry=reg),
    )
    install_problem_handlers(app)
    app.include_router(api.router)
    app.add_middleware(SecurityHeaders)
    return app
