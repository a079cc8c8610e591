"""The company's documents on its case (issue 16): clean ones to download, refused classified ones as a record."""
from __future__ import annotations

from shared.contracts.envelope import Envelope
from shared.contracts.intake import DocumentAddedV1, DocumentRefusedV1

from .ports import CaseDocuments


async def when_document_added_record(envelope: Envelope[DocumentAddedV1], store: CaseDocuments) -> None:
    e, d = envelope.payload, envelope.payload.document
    await store.record_document(enquiry_id=e.enquiry_id, document_id=d.document_id, name=d.name,
                                media_type=d.media_type, size_bytes=d.size_bytes, sha256=d.sha256,
                                added_at=envelope.occurred_at)


async def when_document_refused_record(envelope: Envelope[DocumentRefusedV1], store: CaseDocuments) -> None:
    e, d = envelope.payload, envelope.payload.document
    await store.record_document(enquiry_id=e.enquiry_id, document_id=d.document_id, name=d.name,
                                media_type=d.media_type, size_bytes=d.size_bytes, sha256=d.sha256,
                                added_at=envelope.occurred_at, refused=True, mark=e.mark, found_in=e.found_in)
