"""assessment's composition root."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from shared.http import SecurityHeaders
from shared.problems import install_problem_handlers
from shared.service import build_app
from shared.taxonomy import load_partner_directory, load_sanctions_list, load_taxonomy

from .domain.gates import ListSanctionsScreen
from .entrypoints import api
from .entrypoints.subscriptions import subscriptions
from .handlers import ReferenceData
from .metrics import assessment_metrics
from .settings import AssessmentSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def load_reference_data() -> ReferenceData:
    """Load and validate taxonomy, partners and sanctions list; a broken file stops the start."""
    taxonomy = load_taxonomy()
    return ReferenceData(taxonomy=taxonomy, partners=load_partner_directory(taxonomy=taxonomy),
                         sanctions=ListSanctionsScreen(load_sanctions_list()))


def create_app(settings: AssessmentSettings | None = None, data: ReferenceData | None = None) -> FastAPI:
    settings = settings or AssessmentSettings()
    data = data or load_reference_data()
    metrics = assessment_metrics()
    app = build_app(settings=settings, migrations_dir=MIGRATIONS, subscriptions=subscriptions(data, metrics=metrics),
                    title="DEFENCE.NRW onboarding – assessment")
    runtime = app.state.runtime
    metrics.register_on(runtime.metrics.registry)
    runtime.extras["business_metrics"] = metrics
    runtime.extras["reference_data"] = data
    install_problem_handlers(app)
    app.include_router(api.router)
    app.add_middleware(SecurityHeaders)
    return app
