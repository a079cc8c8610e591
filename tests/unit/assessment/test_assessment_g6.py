"""Gate G6 (issue 15): an upload intake refused for a classification marking opens G6, now or at the first
assessment, and a redelivery changes nothing."""
from __future__ import annotations

import hashlib
import uuid

import pytest

from services.assessment.domain.gates import ClassifiedUpload, check_uploads
from services.assessment.use_cases.assess import when_document_refused_reassess, when_enquiry_submitted_assess
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import DocumentFacts, DocumentRefusedV1, EnquirySubmittedV1
from tests.support.test_data import enquiry_submitted
from tests.unit.assessment.fakes import FakeAssessmentStore

pytestmark = pytest.mark.unit


def refused(event: EnquirySubmittedV1, document_id: uuid.UUID | None = None) -> Envelope[DocumentRefusedV1]:
    facts = DocumentFacts(document_id=document_id or uuid.uuid4(), name="Angebot.pdf", media_type="application/pdf",
                          size_bytes=1234, sha256=hashlib.sha256(b"x").hexdigest())
    payload = DocumentRefusedV1(enquiry_id=event.enquiry_id, reference=event.reference, document=facts,
                                mark="VS-NfD", found_in="page 1 (OCR)")
    return new_envelope(payload, subject=subjects.DOCUMENT_REFUSED, producer="intake", correlation_id=event.reference)


def g6(store: FakeAssessmentStore) -> str:
    payload = store.outbox.staged[-1].envelope.payload
    assert isinstance(payload, AssessmentCompletedV1)
    return next(f"{g.status}: {g.reason}" for g in payload.gates if g.gate == "G6")


def test_g6_is_clear_without_and_open_with_a_classified_upload() -> None:
    assert check_uploads().status == "clear"
    finding = check_uploads([ClassifiedUpload(name="a.pdf", mark="GEHEIM", found_in="metadata", sha256="ab" * 32)])
    assert finding.status == "open" and "'a.pdf' marked GEHEIM (metadata" in finding.reason


async def test_a_refused_upload_after_the_assessment_reassesses_with_g6_open(reference_data, metrics) -> None:
    store, clock, event = FakeAssessmentStore(), FrozenClock(), enquiry_submitted()
    submitted = new_envelope(event, subject=subjects.ENQUIRY_SUBMITTED, producer="intake",
                             correlation_id=event.reference)
    await when_enquiry_submitted_assess(submitted, store, reference_data=reference_data, clock=clock, metrics=metrics)
    assert g6(store).startswith("clear")
    envelope = refused(event)
    await when_document_refused_reassess(envelope, store, reference_data=reference_data, clock=clock, metrics=metrics)
    assert [r.assessment.revision for r in store.revisions_of(event.enquiry_id)] == [1, 2]
    assert g6(store).startswith("open") and "VS-NfD" in g6(store) and "Angebot.pdf" in g6(store)
    await when_document_refused_reassess(envelope, store, reference_data=reference_data, clock=clock, metrics=metrics)
    assert len(store.revisions_of(event.enquiry_id)) == 2   # redelivered: nothing new


async def test_a_refused_upload_before_the_first_assessment_is_found_by_it(reference_data, metrics) -> None:
    store, clock, event = FakeAssessmentStore(), FrozenClock(), enquiry_submitted()
    await when_document_refused_reassess(refused(event), store, reference_data=reference_data, clock=clock,
                                         metrics=metrics)
    assert store.outbox.staged == [] and store.revisions_of(event.enquiry_id) == []
    submitted = new_envelope(event, subject=subjects.ENQUIRY_SUBMITTED, producer="intake",
                             correlation_id=event.reference)
    await when_enquiry_submitted_assess(submitted, store, reference_data=reference_data, clock=clock, metrics=metrics)
    assert g6(store).startswith("open")
