"""notification's composition root: the only place that builds the real objects and wires them."""
from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path

from fastapi import FastAPI

from shared.clock import SystemClock
from shared.http import SecurityHeaders
from shared.metrics import plumbing_metrics
from shared.problems import install_problem_handlers
from shared.service import build_app
from shared.taxonomy import load_partner_directory

from .adapters.delivery_log import PgOutboundEmails
from .adapters.dispatcher_lease import PgDispatcherLease
from .adapters.smtp import SmtpSender
from .adapters.wakeup import EmailQueueWakeup
from .dependencies import NotificationDependencies
from .domain.delivery import DeliveryPolicy
from .entrypoints import api
from .entrypoints.background import email_dispatcher
from .entrypoints.subscriptions import subscriptions
from .metrics import notification_metrics
from .presentation.rendering import render
from .settings import NotificationSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: NotificationSettings | None = None) -> FastAPI:
    settings = settings or NotificationSettings()
    plumbing = plumbing_metrics(settings.service_name)
    deps = NotificationDependencies(
        settings=settings, clock=SystemClock(),
        metrics=notification_metrics(plumbing, service=settings.service_name),
        directory=load_partner_directory(settings.partners_file), delivery=delivery_policy(settings),
    )
    # One owner id per process: its lease tells the other replicas whether the emails it claimed are still its own.
    owner = uuid.uuid4()
    dispatcher = email_dispatcher(
        deps=deps, emails=partial(PgOutboundEmails, owner=owner, lease_s=settings.dispatcher_lease_s),
        sender=SmtpSender(settings), render=render, wakeup=EmailQueueWakeup(settings.database_url),
        lease=partial(PgDispatcherLease, owner=owner))
    app = build_app(settings=settings, deps=deps, metrics=plumbing, migrations_dir=MIGRATIONS,
                    subscriptions=subscriptions(deps), title="DEFENCE.NRW onboarding – notification",
                    background=[dispatcher])
    install_problem_handlers(app)
    app.include_router(api.router)
    app.include_router(api.dead_letters)
    app.add_middleware(SecurityHeaders)
    return app


def delivery_policy(settings: NotificationSettings) -> DeliveryPolicy:
    return DeliveryPolicy(
        mail_from=settings.mail_from, batch=settings.dispatch_batch,
        sending_stale_after_s=settings.sending_stale_after_s, max_send_attempts=settings.max_send_attempts,
        retry_base_s=settings.send_retry_base_s, retry_max_s=settings.send_retry_max_s,
    )
