"""assessment's composition root: the only place that builds real objects."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from shared.clock import SystemClock
from shared.http import SecurityHeaders
from shared.messaging.dead_letters import operator_dead_letters_router
from shared.metrics import plumbing_metrics
from shared.problems import install_problem_handlers
from shared.service import build_app
from shared.taxonomy import (
    load_funding_calls,
    load_partner_directory,
    load_sanctions_list,
    load_taxonomies,
    load_taxonomy,
)

from .dependencies import AssessmentDependencies
from .domain.gates import ListSanctionsScreen
from .domain.reference_data import ReferenceData
from .entrypoints import api
from .entrypoints.subscriptions import subscriptions
from .metrics import assessment_metrics
from .settings import AssessmentSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def load_reference_data() -> ReferenceData:
    """Load and validate taxonomy, partners, funding calls and sanctions list; a broken file stops the start."""
    taxonomy = load_taxonomy()
    return ReferenceData(taxonomy=taxonomy, partners=load_partner_directory(taxonomy=taxonomy),
                         funding_calls=load_funding_calls(taxonomy=taxonomy),
                         sanctions=ListSanctionsScreen(load_sanctions_list()),
                         taxonomies_by_questionnaire=load_taxonomies(taxonomy))


def create_app(settings: AssessmentSettings | None = None, data: ReferenceData | None = None) -> FastAPI:
    settings = settings or AssessmentSettings()
    plumbing = plumbing_metrics(settings.service_name)
    deps = AssessmentDependencies(settings=settings, clock=SystemClock(),
                                  metrics=assessment_metrics(plumbing.registry),
                                  reference_data=data or load_reference_data())
    app = build_app(settings=settings, deps=deps, metrics=plumbing, migrations_dir=MIGRATIONS,
                    subscriptions=subscriptions(deps), title="DEFENCE.NRW onboarding – assessment")
    install_problem_handlers(app)
    app.include_router(api.router)
    app.include_router(operator_dead_letters_router())
    app.add_middleware(SecurityHeaders)
    return app
