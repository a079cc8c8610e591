"""Documents on the case (issue 16): the use cases keep the facts intake announced; signed links expire and cannot
be altered; the download header never carries a raw file name."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

from services.advisory.use_cases.record_document import when_document_added_record, when_document_refused_record
from services.intake.entrypoints.document_download import content_disposition
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import DocumentAddedV1, DocumentFacts, DocumentRefusedV1
from shared.document_links import link_valid, signed_path

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SECRET = "s" * 40


class FakeCaseDocuments:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, dict[str, Any]] = {}

    async def record_document(self, *, document_id: uuid.UUID, **facts: Any) -> None:
        self.rows.setdefault(document_id, facts)


def _facts(name: str) -> DocumentFacts:
    return DocumentFacts(document_id=uuid.uuid4(), name=name, media_type="application/pdf", size_bytes=2048,
                         sha256="c" * 64)


async def test_added_and_refused_documents_are_kept_once_refused_ones_with_their_mark() -> None:
    store, enquiry_id = FakeCaseDocuments(), uuid.uuid4()
    added = new_envelope(DocumentAddedV1(enquiry_id=enquiry_id, reference="DN-1", document=_facts("A.pdf")),
                         subject="intake.document.added.v1", producer="test", correlation_id="DN-1")
    refused = new_envelope(DocumentRefusedV1(enquiry_id=enquiry_id, reference="DN-1", document=_facts("B.pdf"),
                                             mark="VS-NfD", found_in="page 2"),
                           subject="intake.document.refused.v1", producer="test", correlation_id="DN-1")
    for envelope in (added, added):
        await when_document_added_record(envelope, store)
    await when_document_refused_record(refused, store)
    rows = sorted(store.rows.values(), key=lambda r: r["name"])
    assert [(r["name"], r.get("refused", False), r.get("mark")) for r in rows] == [
        ("A.pdf", False, None), ("B.pdf", True, "VS-NfD")]
    assert rows[1]["found_in"] == "page 2" and rows[0]["enquiry_id"] == enquiry_id


def _parts(path: str) -> tuple[uuid.UUID, str, str]:
    url = urlparse(path)
    q = parse_qs(url.query)
    return uuid.UUID(url.path.rsplit("/", 1)[1]), q["expires"][0], q["signature"][0]


def test_a_signed_link_is_valid_until_it_expires_and_only_as_signed() -> None:
    doc, expires, sig = _parts(signed_path(SECRET, uuid.uuid4(), now=NOW, ttl_s=300))
    assert link_valid(SECRET, doc, expires=expires, sig=sig, now=NOW + timedelta(seconds=299))
    assert not link_valid(SECRET, doc, expires=expires, sig=sig, now=NOW + timedelta(seconds=301))
    assert not link_valid("other" * 8, doc, expires=expires, sig=sig, now=NOW)
    assert not link_valid(SECRET, uuid.uuid4(), expires=expires, sig=sig, now=NOW)
    assert not link_valid(SECRET, doc, expires=str(int(expires) + 1), sig=sig, now=NOW)
    assert not link_valid(SECRET, doc, expires=expires, sig=None, now=NOW)
    assert not link_valid(SECRET, doc, expires="-5", sig=sig, now=NOW)
    # A link signed far ahead (a leaked secret's long-lived link) is refused too.
    doc, expires, sig = _parts(signed_path(SECRET, doc, now=NOW, ttl_s=86_400))
    assert not link_valid(SECRET, doc, expires=expires, sig=sig, now=NOW)


def test_the_download_header_carries_a_safe_name() -> None:
    header = content_disposition('a"b\r\nX-Evil: 1;/..\\Ärger.pdf')
    assert header.startswith('attachment; filename="a_b_X-Evil_ 1_.._Arger.pdf"; filename*=UTF-8\'\'')
    assert "\r" not in header and "\n" not in header and header.count('"') == 2
    assert content_disposition("Ω.pdf").startswith('attachment; filename="_.pdf"')
    assert content_disposition("ΩΩ").startswith('attachment; filename="__"')
    assert content_disposition("...").startswith('attachment; filename="document"')
