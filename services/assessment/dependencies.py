"""What assessment's routes and use cases are given: one frozen object, built in app.py."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from shared.clock import Clock
from shared.service import app_dependencies

from .domain.reference_data import ReferenceData
from .metrics import AssessmentMetrics
from .settings import AssessmentSettings


@dataclass(frozen=True)
class AssessmentDependencies:
    settings: AssessmentSettings
    clock: Clock
    metrics: AssessmentMetrics
    reference_data: ReferenceData


Deps = Annotated[AssessmentDependencies, Depends(app_dependencies)]
