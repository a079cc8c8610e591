"""The enquiry a company submits, and the rules it must satisfy beyond field types."""
from __future__ import annotations

from pydantic import ConfigDict, Field, model_validator

from shared.contracts.intake import CompanyProfile, Consents, ContactPerson
from shared.contracts.vocab import NRW_KREISE, OUTSIDE_NRW

CONSENT_TEXT_VERSION = "2026-11-v1"


class EnquirySubmission(CompanyProfile):
    """POST /api/v1/enquiries and the web form map to this model. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    contact: ContactPerson
    consents: Consents
    # Honeypot: hidden on the form; people leave it empty, bots fill it in.
    website_confirm: str = Field(default="", max_length=200, description="Leave empty.")

    @model_validator(mode="after")
    def _business_rules(self) -> "EnquirySubmission":
        if self.company.kreis not in NRW_KREISE and self.company.kreis != OUTSIDE_NRW:
            raise ValueError(f"company.kreis: unknown Kreis {self.company.kreis!r}")
        if not self.consents.processing:
            raise ValueError("consents.processing: consent to processing is required")
        if not self.consents.no_classified_information:
            raise ValueError("consents.no_classified_information: this declaration is required")
        fields = [c.field for c in self.competences]
        if len(set(fields)) != len(fields):
            raise ValueError("competences: each competence field may be declared once")
        cap = self.capacity
        if cap.lot_size_min and cap.lot_size_max and cap.lot_size_min > cap.lot_size_max:
            raise ValueError("capacity.lot_size_min: must not exceed lot_size_max")
        total = sum(s.percent for s in self.compliance.shareholders)
        if total > 100.0001:
            raise ValueError("compliance.shareholders: shares add up to more than 100 %")
        return self

    def profile(self) -> CompanyProfile:
        """The business part of the submission, as it travels in events."""
        return CompanyProfile.model_validate(self.model_dump(exclude={"contact", "consents", "website_confirm"}))
