"""Adding a document (issue 15): screened before anything is stored; events carry facts, never content."""
from __future__ import annotations

import uuid

import pytest

from services.intake.domain.documents import MAX_FILE_BYTES
from services.intake.domain.submission import EnquirySubmission
from services.intake.use_cases.add_document import ClassifiedRefused, DocumentAdded, DocumentRejected, add_document
from services.intake.use_cases.erase import request_erasure
from services.intake.use_cases.submit import Accepted, submit_enquiry
from shared.contracts import subjects
from shared.contracts.intake import DocumentAddedV1, DocumentRefusedV1
from tests.support.test_data import unique_enquiry

from .fakes import FakeDocumentReader, FakeIntakeStore, FakeUnitOfWork, FrozenClock

CLEAN = b"%PDF-1.7 Firmenpraesentation: Vertraulichkeitsvereinbarung auf Anfrage"
MARKED = b"%PDF-1.7 Angebot\nVS - NUR F\xc3\x9cR DEN DIENSTGEBRAUCH"


@pytest.fixture
def store() -> FakeIntakeStore:
    return FakeIntakeStore(FrozenClock())


async def _enquiry(store: FakeIntakeStore) -> Accepted:
    return await submit_enquiry(FakeUnitOfWork(store), EnquirySubmission.model_validate(unique_enquiry()),
                                idempotency_key=None, source="api", clock=store.clock,
                                status_url=lambda eid: f"http://intake.test/status/{eid}")


async def _add(store: FakeIntakeStore, enquiry_id: uuid.UUID, content: bytes,
               name: str = "../Profil.pdf") -> DocumentAdded | ClassifiedRefused:
    return await add_document(FakeUnitOfWork(store), enquiry_id=enquiry_id, file_name=name, content=content,
                              reader=FakeDocumentReader(), clock=store.clock)


async def test_a_clean_document_is_stored_and_announced_without_its_content(store: FakeIntakeStore) -> None:
    accepted = await _enquiry(store)
    result = await _add(store, accepted.enquiry_id, CLEAN)
    assert isinstance(result, DocumentAdded) and not result.already_there
    assert result.document.name == "Profil.pdf" and result.document.media_type == "application/pdf"
    assert [d.id for d in await store.list_documents(accepted.enquiry_id)] == [result.document.id]
    staged = store.outbox.staged[-1]
    assert staged.subject == subjects.DOCUMENT_ADDED and staged.envelope.correlation_id == accepted.reference
    event = staged.envelope.payload
    assert isinstance(event, DocumentAddedV1) and event.document.size_bytes == len(CLEAN)
    assert "content" not in event.model_dump_json() and "Vertraulichkeit" not in event.model_dump_json()
    again = await _add(store, accepted.enquiry_id, CLEAN)   # a retried upload is the same document
    assert isinstance(again, DocumentAdded) and again.already_there and again.document.id == result.document.id
    assert len(store.documents) == 1


async def test_a_marked_document_is_refused_not_stored_and_recorded_for_g6(store: FakeIntakeStore) -> None:
    accepted = await _enquiry(store)
    result = await _add(store, accepted.enquiry_id, MARKED, name="Angebot.pdf")
    assert isinstance(result, ClassifiedRefused) and result.found.mark == "VS-NfD" and result.language == "de"
    assert store.documents == {}
    (enquiry_id, record, mark, where), = store.refused_documents
    assert (enquiry_id, record.name, mark, where) == (accepted.enquiry_id, "Angebot.pdf", "VS-NfD", "page 1")
    staged = store.outbox.staged[-1]
    assert staged.subject == subjects.DOCUMENT_REFUSED
    event = staged.envelope.payload
    assert isinstance(event, DocumentRefusedV1) and event.mark == "VS-NfD"
    assert "DIENSTGEBRAUCH" not in event.model_dump_json()


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty_file"), (b"GIF89a not accepted", "unsupported_type"), (b"%PDF %%broken", "unreadable"),
    (b"%PDF" + b"0" * MAX_FILE_BYTES, "file_too_large"),
])
async def test_bad_files_are_refused_and_change_nothing(store: FakeIntakeStore, content: bytes, reason: str) -> None:
    accepted = await _enquiry(store)
    staged = len(store.outbox.staged)
    with pytest.raises(DocumentRejected) as refused:
        await _add(store, accepted.enquiry_id, content)
    assert refused.value.reason == reason
    assert store.documents == {} and store.refused_documents == [] and len(store.outbox.staged) == staged


async def test_the_enquiry_quota_is_25_mb(store: FakeIntakeStore) -> None:
    accepted = await _enquiry(store)
    for n in range(2):
        await _add(store, accepted.enquiry_id, b"%PDF" + bytes([n]) * (MAX_FILE_BYTES - 10))
    with pytest.raises(DocumentRejected, match="enquiry_quota_exceeded"):
        await _add(store, accepted.enquiry_id, b"%PDF" + b"x" * (6 * 1024 * 1024))
    assert len(store.documents) == 2


async def test_unknown_or_erased_enquiries_take_no_documents(store: FakeIntakeStore) -> None:
    with pytest.raises(DocumentRejected, match="unknown_enquiry"):
        await _add(store, uuid.uuid4(), CLEAN)
    accepted = await _enquiry(store)
    await _add(store, accepted.enquiry_id, CLEAN)
    await _add(store, accepted.enquiry_id, MARKED, name="Geheim.pdf")
    await request_erasure(FakeUnitOfWork(store), accepted.reference, clock=store.clock)
    assert store.documents == {}
    assert [(r.name, m) for _, r, m, _ in store.refused_documents] == [("[erased]", "VS-NfD")]
    with pytest.raises(DocumentRejected, match="unknown_enquiry"):
        await _add(store, accepted.enquiry_id, CLEAN)
