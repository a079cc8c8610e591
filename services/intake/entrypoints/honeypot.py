"""A honeypot hit: counted and logged for operators, answered with a decoy (domain/decoy.py), nothing stored."""
from __future__ import annotations

import logging

from ..dependencies import IntakeDependencies
from ..domain.decoy import Decoy, new_decoy

log = logging.getLogger(__name__)


def record_honeypot_hit(deps: IntakeDependencies, *, source: str) -> Decoy:
    decoy = new_decoy(deps.settings.status_token_secret, deps.clock.now())
    deps.metrics.honeypot_hits.labels(source).inc()
    log.warning("honeypot filled in; answered with a decoy, nothing stored",
                extra={"fields": {"source": source, "decoy_reference": decoy.reference}})
    return decoy
