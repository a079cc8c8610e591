"""The versioned rules an assessment is made against: taxonomy, partner directory, funding calls, sanctions list."""
from __future__ import annotations

from dataclasses import dataclass

from shared.taxonomy import FundingCalls, PartnerDirectory, Taxonomy

from .gates import SanctionsScreen


@dataclass(frozen=True)
class ReferenceData:
    """The rules in force; loaded and validated once at start-up by the composition root."""

    taxonomy: Taxonomy
    partners: PartnerDirectory
    funding_calls: FundingCalls
    sanctions: SanctionsScreen
