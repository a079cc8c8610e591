"""The versioned rules an assessment is made against: taxonomy, partner directory, funding calls, sanctions list."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shared.taxonomy import FundingCalls, PartnerDirectory, Taxonomy

from .gates import SanctionsScreen


@dataclass(frozen=True)
class ReferenceData:
    """The rules in force; loaded and validated once at start-up by the composition root."""

    taxonomy: Taxonomy  # the current one: labels, the API's /taxonomy, new enquiries
    partners: PartnerDirectory
    funding_calls: FundingCalls
    sanctions: SanctionsScreen
    # Every taxonomy by questionnaire (ADR 13): an enquiry keeps the one of the questions it answered.
    taxonomies_by_questionnaire: Mapping[int, Taxonomy] = field(default_factory=dict)

    def taxonomy_for(self, questionnaire: int) -> Taxonomy:
        if questionnaire == self.taxonomy.questionnaire:
            return self.taxonomy
        return self.taxonomies_by_questionnaire.get(questionnaire, self.taxonomy)
