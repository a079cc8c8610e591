"""notification's composition root."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from prometheus_client import Counter, Gauge

from shared.http import SecurityHeaders
from shared.problems import install_problem_handlers
from shared.service import Runtime, build_app
from shared.taxonomy import load_partner_directory

from .adapters.smtp import SmtpSender
from .dispatcher import Dispatcher
from .entrypoints import api
from .entrypoints.subscriptions import subscriptions
from .handlers import NotificationHandlers
from .settings import NotificationSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: NotificationSettings | None = None) -> FastAPI:
    settings = settings or NotificationSettings()
    handlers = NotificationHandlers(
        message_id_domain=settings.message_id_domain, contact_address=settings.contact_address,
        enquiry_form_url=settings.enquiry_form_url, directory=load_partner_directory(settings.partners_file),
    )

    async def run_dispatcher(runtime: Runtime) -> None:
        dispatcher = Dispatcher(pool=runtime.require_pool(), sender=SmtpSender(settings), settings=settings,
                                metrics=runtime.extras)
        try:
            await dispatcher.run()
        finally:
            await dispatcher.close()

    app = build_app(settings=settings, migrations_dir=MIGRATIONS, subscriptions=subscriptions(handlers),
                    title="DEFENCE.NRW onboarding – notification", background=[run_dispatcher])
    app.state.runtime.extras.update(_metrics(app.state.runtime))
    install_problem_handlers(app)
    app.include_router(api.router)
    app.include_router(api.dead_letters)
    app.add_middleware(SecurityHeaders)
    return app


def _metrics(runtime: Runtime) -> dict[str, object]:
    reg = runtime.metrics.registry
    return {
        "emails_sent": Counter("notification_emails_sent_total", "Emails accepted by SMTP", ("template", "language"),
                               registry=reg),
        "emails_failed": Counter("notification_emails_failed_total", "Emails given up", ("template", "reason"),
                                 registry=reg),
        "emails_retried": Counter("notification_emails_retried_total", "Transient send failures", ("template",),
                                  registry=reg),
        "emails_by_status": Gauge("notification_emails", "Emails not (yet) sent, by status (pending|sending|failed)",
                                  ("status",), registry=reg),
        "oldest_pending_age": Gauge("notification_oldest_pending_email_age_seconds",
                                    "Age of the oldest pending email (0 if none)", registry=reg),
        "dead_letters_open": runtime.metrics.dead_letters_open.labels(runtime.settings.service_name),
    }
