"""intake's dependencies: one frozen object made in app.py, reaching routes as `Deps` and loops by argument."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from shared.clock import Clock
from shared.service import Runtime, app_dependencies, app_runtime

from .domain.known_ids import KnownIds
from .domain.reference import status_token
from .metrics import IntakeMetrics
from .presentation.pages import Catalog
from .settings import IntakeSettings
from .use_cases.ports import DocumentReader


@dataclass(frozen=True)
class IntakeDependencies:
    settings: IntakeSettings
    clock: Clock
    metrics: IntakeMetrics
    catalog: Catalog  # taxonomy, partner directory and the form's labelled choices
    known_ids: KnownIds  # the ids a submission may use (from the same taxonomy and directory)
    document_reader: DocumentReader  # type by content and text of uploads, for the classification screen

    def status_url(self, enquiry_id: uuid.UUID) -> str:
        """The company's private status link."""
        token = status_token(self.settings.status_token_secret, enquiry_id)
        return f"{self.settings.public_base_url}/status/{enquiry_id}?token={token}"


Deps = Annotated[IntakeDependencies, Depends(app_dependencies)]
# The live resources (pool, broker) of the running process.
Live = Annotated[Runtime, Depends(app_runtime)]
