"""Use case: the company adds a document to its enquiry. Screened for classification marks before anything is
stored (gate G6): a marked file is refused and only its name, hash and the mark are recorded."""
from __future__ import annotations

import asyncio
import hashlib
import uuid
from dataclasses import dataclass

from shared.clock import Clock
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import DocumentAddedV1, DocumentFacts, DocumentRefusedV1

from ..domain.classification import MarkFound, first_mark
from ..domain.documents import DocumentKind, UnreadableDocument, check_size, safe_file_name
from . import PRODUCER
from .ports import DocumentReader, DocumentRecord, DocumentStore, UnitOfWork


class DocumentRejected(Exception):
    """Nothing was stored. `reason`: unknown_enquiry | empty_file | file_too_large | enquiry_quota_exceeded |
    unsupported_type | unreadable."""

    def __init__(self, reason: str, *, language: str = "de") -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language   # the company's, for the explanation


@dataclass(frozen=True)
class DocumentAdded:
    document: DocumentRecord
    already_there: bool   # the same file (by hash) was stored before: nothing new


@dataclass(frozen=True)
class ClassifiedRefused:
    """Refused for a classification mark; `language` is the company's, for its explanation."""
    document: DocumentRecord
    found: MarkFound
    language: str


def document_facts(d: DocumentRecord) -> DocumentFacts:
    return DocumentFacts(document_id=d.id, name=d.name, media_type=d.media_type, size_bytes=d.size_bytes,
                         sha256=d.sha256)


async def add_document(uow: UnitOfWork[DocumentStore], *, enquiry_id: uuid.UUID, file_name: str | None,
                       content: bytes, reader: DocumentReader, clock: Clock) -> DocumentAdded | ClassifiedRefused:
    """Check size and type, screen, then store (or record the refusal) with its event; one transaction."""
    async with uow.autocommit() as store:   # cheap checks first: no OCR for an unknown enquiry
        first_look = await store.document_owner(enquiry_id)
    if first_look is None:
        raise DocumentRejected("unknown_enquiry")
    record, found = await screen_upload(file_name=file_name, content=content, reader=reader, clock=clock,
                                        language=first_look.language)
    async with uow.transaction() as store:
        owner = await store.document_owner(enquiry_id)   # locked: parallel uploads count against the quota in turn
        if owner is None:
            raise DocumentRejected("unknown_enquiry")
        if found is not None:
            await store.record_refusal(enquiry_id=enquiry_id, document=record, mark=found.mark,
                                       found_in=found.source)
            refused = DocumentRefusedV1(enquiry_id=enquiry_id, reference=owner.reference,
                                        document=document_facts(record), mark=found.mark, found_in=found.source)
            await store.outbox.add(new_envelope(refused, subject=subjects.DOCUMENT_REFUSED, producer=PRODUCER,
                                                correlation_id=owner.reference, occurred_at=record.uploaded_at),
                                   subjects.DOCUMENT_REFUSED)
            return ClassifiedRefused(document=record, found=found, language=owner.language)
        if earlier := await store.find_document(enquiry_id, record.sha256):
            return DocumentAdded(document=earlier, already_there=True)
        quota = check_size(size=len(content), already_stored=await store.stored_bytes(enquiry_id))
        if not quota.ok:
            raise DocumentRejected(quota.reason or "", language=owner.language)
        await store.store_document(enquiry_id=enquiry_id, document=record, content=content)
        added = DocumentAddedV1(enquiry_id=enquiry_id, reference=owner.reference, document=document_facts(record))
        await store.outbox.add(new_envelope(added, subject=subjects.DOCUMENT_ADDED, producer=PRODUCER,
                                            correlation_id=owner.reference, occurred_at=record.uploaded_at),
                               subjects.DOCUMENT_ADDED)
        return DocumentAdded(document=record, already_there=False)


async def screen_upload(*, file_name: str | None, content: bytes, reader: DocumentReader, clock: Clock,
                        language: str) -> tuple[DocumentRecord, MarkFound | None]:
    """Size, type by content and the classification screen: the checks every upload passes before anything is
    stored, whether it goes to an enquiry (here) or to a draft of the guided form (use_cases/drafts.py).
    Raises DocumentRejected (in `language`) for a file that cannot be taken."""
    verdict = check_size(size=len(content), already_stored=0)
    if not verdict.ok:
        raise DocumentRejected(verdict.reason or "", language=language)
    kind = reader.kind_of(content)
    if kind is None:
        raise DocumentRejected("unsupported_type", language=language)
    try:
        found = await _screen(reader, content, kind)
    except UnreadableDocument as error:
        raise DocumentRejected("unreadable", language=language) from error
    record = DocumentRecord(id=uuid.uuid4(), name=safe_file_name(file_name), media_type=kind.value,
                            size_bytes=len(content), sha256=hashlib.sha256(content).hexdigest(),
                            uploaded_at=clock.now())
    return record, found


async def _screen(reader: DocumentReader, content: bytes, kind: DocumentKind) -> MarkFound | None:
    # OCR takes seconds of CPU: off the event loop, so other requests are answered meanwhile.
    return first_mark(await asyncio.to_thread(reader.extract, content, kind))
