"""Test data used across layers: the example enquiry, made unique where tests share a database or a stream."""
from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1

EXAMPLE_PATH = Path(__file__).resolve().parents[2] / "examples" / "enquiry.json"
EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_PATH.read_text())


def example_enquiry() -> dict[str, Any]:
    """A fresh deep copy of examples/enquiry.json (the API's request body)."""
    return copy.deepcopy(EXAMPLE)


def unique_tag() -> str:
    return uuid.uuid4().hex[:8]


def unique_enquiry(*, name: str | None = None, contact_email: str | None = None, **company: Any) -> dict[str, Any]:
    """The example enquiry with identity keys (name, register number, VAT id, website) and contact email no other
    test uses; `company` overrides any company field."""
    body = example_enquiry()
    tag = unique_tag()
    body["company"].update(name=name or f"Testfirma {tag}", register_number=f"HRB {tag}",
                           vat_id=f"DE{uuid.uuid4().int % 10**9:09d}", website=f"https://{tag}.example")
    body["company"].update(company)
    body["contact"]["email"] = contact_email or f"contact-{tag}@example.com"
    return body


def enquiry_submitted(**company: Any) -> EnquirySubmittedV1:
    """intake's event for a unique copy of examples/enquiry.json; `company` overrides company fields."""
    body = unique_enquiry(**company)
    contact, enquiry_consents = body.pop("contact"), body.pop("consents")
    return EnquirySubmittedV1.model_validate({
        "enquiry_id": str(uuid.uuid4()), "reference": f"DN-2026-{uuid.uuid4().hex[:6].upper()}",
        "company_id": str(uuid.uuid4()), "status_url": "http://intake.test/status/x?token=x",
        "profile": body, "contact": contact, "consents": enquiry_consents,
    })


def enquiry_amended(submitted: EnquirySubmittedV1, *, revision: int = 2,
                    profile_changes: dict[str, Any] | None = None) -> EnquiryAmendedV1:
    """intake's amendment of `submitted`; `profile_changes` replaces top-level profile sections."""
    amended_profile = submitted.profile.model_validate({**submitted.profile.model_dump(mode="json"),
                                                        **(profile_changes or {})})
    return EnquiryAmendedV1(enquiry_id=submitted.enquiry_id, reference=submitted.reference, revision=revision,
                            profile=amended_profile, contact=submitted.contact, consents=submitted.consents)
