"""Events advisory consumes, built from the example enquiry (tests/support/test_data.py) for the fast tests."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1
from shared.taxonomy import load_partner_directory
from tests.support.test_data import example_enquiry

PARTNERS = load_partner_directory()
BASE_URL = "http://advisory.test"


def submitted(*, language: str = "de") -> EnquirySubmittedV1:
    body = example_enquiry()
    body["contact"]["language"] = language
    tag = uuid.uuid4().hex[:6].upper()
    contact, consents = body.pop("contact"), body.pop("consents")
    return EnquirySubmittedV1.model_validate({
        "enquiry_id": str(uuid.uuid4()), "reference": f"DN-2026-{tag}", "company_id": str(uuid.uuid4()),
        "status_url": f"http://intake.test/status/{tag}?token=x", "profile": body, "contact": contact,
        "consents": consents})


def amended(e: EnquirySubmittedV1, *, message: str) -> EnquiryAmendedV1:
    return EnquiryAmendedV1(enquiry_id=e.enquiry_id, reference=e.reference, revision=2,
                            profile=e.profile.model_copy(update={"message": message}), contact=e.contact,
                            consents=e.consents)


def assessed(enquiry_id: uuid.UUID, *, revision: int = 1, band: str = "B", open_gates: tuple[str, ...] = (),
             submission: EnquirySubmittedV1 | None = None,
             submitted_at: datetime | None = None) -> AssessmentCompletedV1:
    """An assessment; with `submission`, the first one carrying the enquiry as submitted (ADR 14)."""
    gates = [{"gate": g, "status": "open", "reason": "test"} for g in open_gates]
    carried = None if submission is None else {
        "event_id": str(uuid.uuid4()), "submitted_at": (submitted_at or datetime.now(UTC)).isoformat(),
        "enquiry": submission.model_dump(mode="json")}
    return AssessmentCompletedV1.model_validate({"submission": carried,
        "enquiry_id": str(enquiry_id), "assessment_id": str(uuid.uuid4()), "revision": revision,
        "taxonomy_version": "test", "readiness_percent": 62.5, "band": band,
        "capability_fit": [{"area": "CA03", "score": 0.9, "best_field": None, "reason": "test"},
                           {"area": "CA01", "score": 0.6, "best_field": None, "reason": "test"},
                           {"area": "CA07", "score": 0.2, "best_field": None, "reason": "test"}],
        "readiness": [], "gates": gates,
        "recommended_partners": [{"partner_id": "defence-nrw", "name": "defence-nrw", "score": 0.8,
                                  "consented": True}]})


def envelope(payload: BaseModel, subject: str, *, reference: str = "DN-2026-TEST",
             occurred_at: datetime | None = None) -> Envelope[Any]:
    return new_envelope(payload, subject=subject, producer="test", correlation_id=reference, occurred_at=occurred_at)
