"""advisory's dependencies: made once by app.py, frozen, reaching routes through `Deps` and subscriptions and
background loops through their arguments."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from shared.clock import Clock
from shared.service import Runtime, app_dependencies, app_runtime
from shared.taxonomy import PartnerDirectory, Taxonomy
from shared.taxonomy.explanations import Explanations

from .adapters.authn import Authenticator
from .metrics import AdvisoryMetrics
from .settings import AdvisorySettings


@dataclass(frozen=True)
class AdvisoryDependencies:
    settings: AdvisorySettings
    clock: Clock
    metrics: AdvisoryMetrics
    taxonomy: Taxonomy  # labels on the pages, capability areas in the queue filter
    partners: PartnerDirectory  # who a company can be introduced to
    authenticator: Authenticator  # how an advisor proves who they are at login
    explanations: Explanations  # assessment rule ids -> sentences in the reader's language (case page)


Deps = Annotated[AdvisoryDependencies, Depends(app_dependencies)]
# The live resources (the pool) of the running process.
Live = Annotated[Runtime, Depends(app_runtime)]
