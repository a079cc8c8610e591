"""The enquiry a company submits, and the rules it must satisfy beyond field types."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from shared.confusables import strip_bidi_controls
from shared.contracts.intake import (
    Capacity,
    CompanyIdentity,
    CompanyProfile,
    Compliance,
    Consents,
    ContactPerson,
    DeclaredCompetence,
)
from shared.contracts.vocab import NRW_KREISE, OUTSIDE_NRW, NcageStatus, SectorOfOrigin

# v2: the optional consent to be invited to a re-assessment (issue 17).
CONSENT_TEXT_VERSION = "2026-11-v2"


class EnquirySubmission(CompanyProfile):
    """POST /api/v1/enquiries and the web form map to this model. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    contact: ContactPerson
    consents: Consents
    # Intake stamps the questions of its form (ADR 13); a client may leave it out or send 2, never an earlier one.
    questionnaire: Literal[2] = Field(default=2, description="Set by intake: the questions of the current form")
    # Honeypot: hidden on the form; people leave it empty, bots fill it in.
    website_confirm: str = Field(default="", max_length=200, description="Leave empty.")

    @model_validator(mode="before")
    @classmethod
    def _without_direction_controls(cls, data: Any) -> Any:
        # A right-to-left override in a name makes it display as something else ("\u202egnp.exe" shows "exe.png")
        # wherever it is shown; no company needs one, so they go at the door (issue 19). Display isolates the rest.
        return _strip_bidi(data)

    # Rules run per field (not on the whole model), so they are reported together with every other error.
    # Each names its field in the message ("path: text") and has its own error type for the form's catalogue.
    @field_validator("company")
    @classmethod
    def _known_kreis(cls, company: CompanyIdentity) -> CompanyIdentity:
        if company.kreis not in NRW_KREISE and company.kreis != OUTSIDE_NRW:
            raise _rule("unknown_kreis", "company.kreis", "unknown Kreis")
        for i, site in enumerate(company.further_nrw_sites):
            if site not in NRW_KREISE:
                raise _rule("unknown_kreis", f"company.further_nrw_sites.{i}", "unknown Kreis")
        if len(set(company.further_nrw_sites)) != len(company.further_nrw_sites):
            raise _rule("duplicate_site", "company.further_nrw_sites", "each Kreis may be named once")
        return company

    @field_validator("company")
    @classmethod
    def _ncage_code_and_status_agree(cls, company: CompanyIdentity) -> CompanyIdentity:
        if company.ncage_status is NcageStatus.HAVE and not company.ncage:
            raise _rule("ncage_code_missing", "company.ncage", "ncage_status 'have' needs the code")
        if company.ncage and company.ncage_status not in (None, NcageStatus.HAVE):
            raise _rule("ncage_status_mismatch", "company.ncage_status", "a code is given, so the status is 'have'")
        return company

    @field_validator("company")
    @classmethod
    def _other_sector_named(cls, company: CompanyIdentity) -> CompanyIdentity:
        if company.sector_of_origin is SectorOfOrigin.OTHER and not company.sector_other:
            raise _rule("sector_other_missing", "company.sector_other", "say which sector 'other' is")
        return company

    @field_validator("consents")
    @classmethod
    def _required_consents(cls, consents: Consents) -> Consents:
        if not consents.processing:
            raise _rule("consent_required", "consents.processing", "consent to processing is required")
        if not consents.no_classified_information:
            raise _rule("declaration_required", "consents.no_classified_information", "this declaration is required")
        return consents

    @field_validator("competences")
    @classmethod
    def _each_field_once(cls, competences: list[DeclaredCompetence]) -> list[DeclaredCompetence]:
        fields = [c.field for c in competences]
        if len(set(fields)) != len(fields):
            raise _rule("duplicate_competence", "competences", "each competence field may be declared once")
        return competences

    @field_validator("capacity")
    @classmethod
    def _lot_sizes_ordered(cls, cap: Capacity) -> Capacity:
        if cap.lot_size_min and cap.lot_size_max and cap.lot_size_min > cap.lot_size_max:
            raise _rule("lot_sizes_reversed", "capacity.lot_size_min", "must not exceed lot_size_max")
        return cap

    @field_validator("compliance")
    @classmethod
    def _shares_at_most_100(cls, compliance: Compliance) -> Compliance:
        if sum(s.percent for s in compliance.shareholders) > 100.0001:
            raise _rule("shares_over_100", "compliance.shareholders", "shares add up to more than 100 %")
        return compliance

    def profile(self) -> CompanyProfile:
        """The business part of the submission, as it travels in events."""
        return CompanyProfile.model_validate(self.model_dump(exclude={"contact", "consents", "website_confirm"}))


def _strip_bidi(value: Any) -> Any:
    if isinstance(value, str):
        return strip_bidi_controls(value)
    if isinstance(value, dict):
        return {k: _strip_bidi(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip_bidi(v) for v in value]
    return value


def _rule(code: str, path: str, text: str) -> PydanticCustomError:
    return PydanticCustomError(code, f"{path}: {text}")


def error_location(err: Mapping[str, Any]) -> tuple[str | int, ...]:
    """Where an error belongs: our rules name their field at the start of the message."""
    loc = tuple(p for p in err.get("loc") or () if p != "body")
    path, sep, _ = str(err.get("msg", "")).partition(": ")
    if sep and re.fullmatch(r"[a-z_]+(\.([a-z_]+|\d+))*", path) and (not loc or path.startswith(str(loc[0]))):
        return tuple(int(p) if p.isdigit() else p for p in path.split("."))
    return loc


def error_message(err: Mapping[str, Any]) -> str:
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    path, sep, rest = message.partition(": ")
    return rest if sep and re.fullmatch(r"[a-z_]+(\.([a-z_]+|\d+))*", path) else message
