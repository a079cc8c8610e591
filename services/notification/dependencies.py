"""The frozen object every notification route, subscription and loop gets its dependencies from."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from shared.clock import Clock
from shared.service import app_dependencies
from shared.taxonomy import PartnerDirectory

from .domain.delivery import DeliveryPolicy
from .metrics import NotificationMetrics
from .settings import NotificationSettings


@dataclass(frozen=True)
class NotificationDependencies:
    settings: NotificationSettings
    clock: Clock
    metrics: NotificationMetrics
    # Partner contacts for introductions (PARTNERS_FILE), loaded once at start-up.
    directory: PartnerDirectory
    delivery: DeliveryPolicy


Deps = Annotated[NotificationDependencies, Depends(app_dependencies)]
