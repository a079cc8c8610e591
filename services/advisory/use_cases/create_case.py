"""The case's enquiry part, from the submission the first assessment passes on (ADR 14)."""
from __future__ import annotations

from shared.contracts.assessment import SubmissionAssessed
from shared.contracts.vocab import regierungsbezirk

from .ports import EnquiryPart


def enquiry_part(submission: SubmissionAssessed, *, correlation_id: str) -> EnquiryPart:
    e = submission.enquiry
    company = e.profile.company
    return EnquiryPart(
        enquiry_id=e.enquiry_id, reference=e.reference, correlation_id=correlation_id, company_name=company.name,
        kreis=company.kreis, sector=company.sector_of_origin.value, language=e.contact.language.value,
        profile=e.profile.model_dump(mode="json"), contact=e.contact.model_dump(mode="json"),
        consents=e.consents.model_dump(mode="json"), regierungsbezirk=regierungsbezirk(company.kreis),
        submitted_at=submission.submitted_at,
    )


def submitted_line(submission: SubmissionAssessed) -> dict[str, object]:
    """The data of the timeline's first line (kind `enquiry_submitted`, dated when intake accepted the enquiry)."""
    return {"reference": submission.enquiry.reference, "re_enquiry": submission.enquiry.is_re_enquiry}
