"""Ids a submission may use: competence fields, capability areas and partners that exist right now.

The wire types only check the shape (CF + two digits); which ids exist is operator data (shared.taxonomy),
so both the form and the JSON API check them here and report each unknown id under its field.
"""
from __future__ import annotations

from dataclasses import dataclass

from .submission import EnquirySubmission


@dataclass(frozen=True)
class KnownIds:
    competence_fields: frozenset[str]
    capability_areas: frozenset[str]
    partners: frozenset[str]


@dataclass(frozen=True)
class UnknownId:
    loc: tuple[str | int, ...]
    type: str
    message: str


def unknown_ids(submission: EnquirySubmission, known: KnownIds) -> list[UnknownId]:
    found: list[UnknownId] = []
    for i, competence in enumerate(submission.competences):
        if competence.field not in known.competence_fields:
            found.append(UnknownId(("competences", i, "field"), "unknown_competence_field",
                                   f"unknown competence field {competence.field}"))
    for i, area in enumerate(submission.capability_interests):
        if area not in known.capability_areas:
            found.append(UnknownId(("capability_interests", i), "unknown_capability_area",
                                   f"unknown capability area {area}"))
    for i, partner in enumerate(submission.consents.share_with_partners):
        if partner not in known.partners:
            found.append(UnknownId(("consents", "share_with_partners", i), "unknown_partner",
                                   f"unknown partner {partner}"))
    return found
