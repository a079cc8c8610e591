"""In-memory stand-ins for intake's ports (services/intake/use_cases/ports.py), for the fast use-case tests.

One `FakeIntakeStore` plays the enquiry, erasure and reconciliation stores at once (they share the enquiries, as
the tables do); `FakeUnitOfWork` hands it out and undoes a transaction that raised. The integration tests keep
proving the SQL of the real adapters.
"""
from __future__ import annotations

import contextlib
import copy
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from services.intake.domain.classification import ExtractedText
from services.intake.domain.documents import DocumentKind, UnreadableDocument
from services.intake.domain.identity import IdentityKeys
from services.intake.domain.status import EnquiryStatus
from services.intake.use_cases.ports import (
    AnsweredErasure,
    DocumentOwner,
    DocumentRecord,
    Draft,
    DraftDocument,
    EarlierClaim,
    ErasableEnquiry,
    LockedEnquiry,
    RefusedUpload,
    UnconfirmedEnquiry,
)
from shared.clock import Clock, FrozenClock
from shared.contracts import subjects
from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquirySubmittedV1
from tests.support.fakes import FakeOutbox

__all__ = ["FakeDocumentReader", "FakeEventStream", "FakeIntakeStore", "FakeRepublisher", "FakeUnitOfWork",
           "FrozenClock"]


@dataclass
class FakeCompany:
    id: uuid.UUID
    name: str
    register_number: str | None
    vat_id: str | None
    web_domain: str | None


@dataclass
class FakeEnquiry:
    id: uuid.UUID
    reference: str
    company_id: uuid.UUID
    is_re_enquiry: bool
    status: EnquiryStatus
    status_decided_at: datetime
    submitted_at: datetime
    updated_at: datetime
    profile: dict[str, Any]
    contact: dict[str, Any]
    consents: dict[str, Any]
    revision: int = 1
    open_question: str | None = None
    info_request_id: uuid.UUID | None = None
    respond_by: date | None = None
    reassessment_invited_for: date | None = None
    case_opened_at: datetime | None = None
    reconciled_count: int = 0
    last_reconciled_at: datetime | None = None
    erased_at: datetime | None = None


@dataclass
class FakeErasureRequest:
    id: uuid.UUID
    reference_hashes: list[str]
    pending_references: list[str]
    reason: str
    services_done: set[str] = field(default_factory=set)
    completed: bool = False


class FakeIntakeStore:
    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or FrozenClock()
        self.outbox = FakeOutbox()
        self.companies: dict[uuid.UUID, FakeCompany] = {}  # in the order they were created
        self.enquiries: dict[uuid.UUID, FakeEnquiry] = {}
        self.status_history: list[tuple[uuid.UUID, EnquiryStatus, uuid.UUID | None]] = []
        self.revisions: list[tuple[uuid.UUID, int, str]] = []  # enquiry, revision, source
        self.consent_records: list[tuple[uuid.UUID, str]] = []  # enquiry, source
        self.idempotency_keys: dict[str, tuple[str, uuid.UUID]] = {}
        self.erasure_requests: dict[uuid.UUID, FakeErasureRequest] = {}
        self.documents: dict[uuid.UUID, tuple[uuid.UUID, DocumentRecord, bytes]] = {}  # id: enquiry, record, bytes
        self.refused_documents: list[tuple[uuid.UUID, DocumentRecord, str, str]] = []  # enquiry, record, mark, where
        self.released_results: dict[uuid.UUID, dict[str, Any]] = {}  # enquiry: revision, version, result, at, event
        self.drafts: dict[uuid.UUID, dict[str, Any]] = {}  # id: the drafts row's columns (guided form)
        self.draft_documents: dict[uuid.UUID, tuple[uuid.UUID, DraftDocument, bytes]] = {}  # id: draft, doc, bytes
        self.draft_refusals: list[tuple[uuid.UUID, RefusedUpload]] = []

    def by_reference(self, reference: str) -> FakeEnquiry:
        return next(e for e in self.enquiries.values() if e.reference == reference)

    # EnquiryStore

    async def store_submission(self, *, company_name: str, keys: IdentityKeys, status: EnquiryStatus, source: str,
                               submitted: Envelope[EnquirySubmittedV1]) -> None:
        found = next((c for c in self.companies.values()
                      if (keys.register_number and c.register_number == keys.register_number)
                      or (keys.vat_id and c.vat_id == keys.vat_id)
                      or (keys.web_domain and c.web_domain == keys.web_domain)), None)
        if found is None:
            found = FakeCompany(uuid.uuid4(), company_name, keys.register_number, keys.vat_id, keys.web_domain)
            self.companies[found.id] = found
            known = False
        else:
            found.register_number = found.register_number or keys.register_number
            found.vat_id = found.vat_id or keys.vat_id
            found.web_domain = found.web_domain or keys.web_domain
            known = True
        event = submitted.payload
        now = self.clock.now()
        self.enquiries[event.enquiry_id] = FakeEnquiry(
            id=event.enquiry_id, reference=event.reference, company_id=found.id, is_re_enquiry=known, status=status,
            status_decided_at=now, submitted_at=now, updated_at=now, profile=event.profile.model_dump(mode="json"),
            contact=event.contact.model_dump(mode="json"), consents=event.consents.model_dump(mode="json"))
        self.status_history.append((event.enquiry_id, status, None))
        self.revisions.append((event.enquiry_id, 1, "submission"))
        self.consent_records.append((event.enquiry_id, source))
        decided = event.model_copy(update={"company_id": found.id, "is_re_enquiry": known})
        await self.outbox.add(submitted.model_copy(update={"payload": decided}), subjects.ENQUIRY_SUBMITTED)

    async def claim_idempotency_key(self, *, key: str, request_hash: str,
                                    enquiry_id: uuid.UUID) -> EarlierClaim | None:
        if key not in self.idempotency_keys:
            self.idempotency_keys[key] = (request_hash, enquiry_id)
            return None
        earlier_hash, earlier_id = self.idempotency_keys[key]
        return EarlierClaim(earlier_hash, earlier_id, self.enquiries[earlier_id].reference)

    async def lock_enquiry(self, enquiry_id: uuid.UUID) -> LockedEnquiry | None:
        e = self.enquiries.get(enquiry_id)
        if e is None:
            return None
        return LockedEnquiry(id=e.id, reference=e.reference, status=e.status, status_decided_at=e.status_decided_at,
                             revision=e.revision, questionnaire=e.profile.get("questionnaire", 1))

    async def set_status(self, *, enquiry_id: uuid.UUID, status: EnquiryStatus, event_id: uuid.UUID | None,
                         decided_at: datetime) -> None:
        e = self.enquiries[enquiry_id]
        e.status, e.status_decided_at, e.updated_at = status, decided_at, self.clock.now()
        self.status_history.append((enquiry_id, status, event_id))

    async def set_open_question(self, *, enquiry_id: uuid.UUID, request_id: uuid.UUID, question: str,
                                respond_by: date) -> None:
        e = self.enquiries[enquiry_id]
        e.info_request_id, e.open_question, e.respond_by = request_id, question, respond_by

    async def clear_open_question(self, enquiry_id: uuid.UUID) -> None:
        e = self.enquiries[enquiry_id]
        e.info_request_id, e.open_question, e.respond_by = None, None, None
        e.reassessment_invited_for = None

    async def invite_to_update(self, *, enquiry_id: uuid.UUID, due_on: date) -> None:
        self.enquiries[enquiry_id].reassessment_invited_for = due_on

    async def confirm_case_opened(self, enquiry_id: uuid.UUID) -> LockedEnquiry | None:
        e = self.enquiries.get(enquiry_id)
        if e is not None and e.case_opened_at is None:
            e.case_opened_at = self.clock.now()
        return await self.lock_enquiry(enquiry_id)

    async def store_amendment(self, *, enquiry_id: uuid.UUID, revision: int, profile: dict[str, Any],
                              contact: dict[str, Any], consents: dict[str, Any], consent_source: str) -> None:
        e = self.enquiries[enquiry_id]
        e.revision, e.profile, e.contact, e.consents, e.updated_at = (revision, profile, contact, consents,
                                                                      self.clock.now())
        self.revisions.append((enquiry_id, revision, "amendment"))
        self.consent_records.append((enquiry_id, consent_source))

    # ErasureStore

    async def company_enquiries(self, reference: str) -> list[ErasableEnquiry]:
        sender = next((e for e in self.enquiries.values() if e.reference == reference), None)
        if sender is None:
            return []
        return [ErasableEnquiry(e.id, e.reference, e.company_id) for e in self.enquiries.values()
                if e.company_id == sender.company_id and e.erased_at is None]

    async def retention_due(self, *, closed_before: datetime, limit: int) -> list[ErasableEnquiry]:
        due = sorted((e for e in self.enquiries.values() if e.erased_at is None and e.status == EnquiryStatus.CLOSED
                      and e.updated_at < closed_before), key=lambda e: e.updated_at)
        return [ErasableEnquiry(e.id, e.reference, e.company_id) for e in due[:limit]]

    async def erase_personal_data(self, enquiries: Sequence[ErasableEnquiry]) -> None:
        for erasable in enquiries:
            e = self.enquiries[erasable.id]
            e.profile, e.contact, e.open_question = {}, {}, None
            e.erased_at = e.updated_at = self.clock.now()
            company = self.companies[erasable.company_id]
            company.name, company.register_number, company.vat_id, company.web_domain = "[erased]", None, None, None
        ids = {e.id for e in enquiries}
        references = {e.reference for e in enquiries}
        self.revisions = [r for r in self.revisions if r[0] not in ids]
        self.idempotency_keys = {k: v for k, v in self.idempotency_keys.items() if v[1] not in ids}
        self.outbox.staged[:] = [s for s in self.outbox.staged if s.envelope.correlation_id not in references]
        self.documents = {k: v for k, v in self.documents.items() if v[0] not in ids}
        self.refused_documents = [(e, replace(d, name="[erased]"), m, w) if e in ids else (e, d, m, w)
                                  for e, d, m, w in self.refused_documents]
        self.released_results = {k: v for k, v in self.released_results.items() if k not in ids}

    async def record_erasure_request(self, *, request_id: uuid.UUID, references: list[str],
                                     reference_hashes: list[str], reason: str) -> None:
        self.erasure_requests[request_id] = FakeErasureRequest(request_id, reference_hashes, list(references), reason)

    async def record_service_done(self, request_id: uuid.UUID, service: str) -> None:
        if request_id in self.erasure_requests:
            self.erasure_requests[request_id].services_done.add(service)

    async def answered_erasures(self, services: Sequence[str]) -> list[AnsweredErasure]:
        return [AnsweredErasure(r.id, list(r.pending_references)) for r in self.erasure_requests.values()
                if not r.completed and set(services) <= r.services_done]

    async def mark_erasure_complete(self, request_id: uuid.UUID) -> None:
        request = self.erasure_requests[request_id]
        request.completed, request.pending_references = True, []

    # ReconciliationStore (every staged event counts as published)

    async def take_unconfirmed(self, *, overdue_before: datetime, limit: int) -> list[UnconfirmedEnquiry]:
        found = []
        for e in sorted(self.enquiries.values(), key=lambda e: e.submitted_at):
            if e.case_opened_at is not None or e.submitted_at >= overdue_before or (
                    e.last_reconciled_at is not None and e.last_reconciled_at >= overdue_before):
                continue
            for staged in self.outbox.staged:
                if staged.subject == subjects.ENQUIRY_SUBMITTED and staged.envelope.correlation_id == e.reference:
                    found.append(UnconfirmedEnquiry(
                        id=e.id, reconciled_count=e.reconciled_count, event_id=staged.envelope.event_id,
                        subject=staged.subject, envelope=staged.envelope.model_dump(mode="json"),
                        correlation_id=staged.envelope.correlation_id))
        return found[:limit]

    async def mark_reconciled(self, enquiry_id: uuid.UUID, *, at: datetime) -> None:
        e = self.enquiries[enquiry_id]
        e.reconciled_count += 1
        e.last_reconciled_at = at


    # DocumentStore

    async def document_owner(self, enquiry_id: uuid.UUID) -> DocumentOwner | None:
        e = self.enquiries.get(enquiry_id)
        if e is None or e.erased_at is not None:
            return None
        return DocumentOwner(id=e.id, reference=e.reference, language=str(e.contact.get("language", "de")))

    async def stored_bytes(self, enquiry_id: uuid.UUID) -> int:
        return sum(d.size_bytes for e, d, _ in self.documents.values() if e == enquiry_id)

    async def find_document(self, enquiry_id: uuid.UUID, sha256: str) -> DocumentRecord | None:
        return next((d for e, d, _ in self.documents.values() if e == enquiry_id and d.sha256 == sha256), None)

    async def store_document(self, *, enquiry_id: uuid.UUID, document: DocumentRecord, content: bytes) -> None:
        self.documents[document.id] = (enquiry_id, document, content)

    async def record_refusal(self, *, enquiry_id: uuid.UUID, document: DocumentRecord, mark: str,
                             found_in: str) -> None:
        self.refused_documents.append((enquiry_id, document, mark, found_in))

    async def list_documents(self, enquiry_id: uuid.UUID) -> list[DocumentRecord]:
        return [d for e, d, _ in self.documents.values() if e == enquiry_id]

    # DraftStore and DraftSubmissionStore (the guided form)

    async def find_draft(self, token_hash: str, *, now: datetime, lock: bool = False) -> Draft | None:
        row = next((d for d in self.drafts.values() if d["token_hash"] == token_hash and d["expires_at"] > now), None)
        if row is None:
            return None
        return Draft(id=row["id"], reference=row["reference"], answers=copy.deepcopy(row["answers"]),
                     language=row["language"], email=row["email"], expires_at=row["expires_at"],
                     submitted_enquiry_id=row["submitted_enquiry_id"])

    async def create_draft(self, *, draft_id: uuid.UUID, reference: str, token_hash: str,
                           answers: dict[str, list[str]], language: str, now: datetime, expires_at: datetime) -> None:
        self.drafts[draft_id] = {"id": draft_id, "reference": reference, "token_hash": token_hash,
                                 "answers": copy.deepcopy(answers), "language": language, "email": None,
                                 "expires_at": expires_at, "submitted_enquiry_id": None}

    async def save_answers(self, draft_id: uuid.UUID, *, answers: dict[str, list[str]], language: str,
                           now: datetime, expires_at: datetime) -> None:
        self.drafts[draft_id].update(answers=copy.deepcopy(answers), language=language, expires_at=expires_at)

    async def rotate_token(self, draft_id: uuid.UUID, *, token_hash: str, email: str, now: datetime,
                           expires_at: datetime) -> None:
        self.drafts[draft_id].update(token_hash=token_hash, email=email, expires_at=expires_at)

    async def draft_documents(self, draft_id: uuid.UUID) -> list[DraftDocument]:
        return [d for owner, d, _ in self.draft_documents.values() if owner == draft_id]

    async def draft_refusals(self, draft_id: uuid.UUID) -> list[RefusedUpload]:
        return [r for owner, r in self.draft_refusals if owner == draft_id]

    async def draft_stored_bytes(self, draft_id: uuid.UUID) -> int:
        return sum(d.document.size_bytes for owner, d, _ in self.draft_documents.values() if owner == draft_id)

    async def store_draft_document(self, draft_id: uuid.UUID, *, document: DocumentRecord, content: bytes) -> bool:
        if any(o == draft_id and d.document.sha256 == document.sha256 for o, d, _ in self.draft_documents.values()):
            return False
        self.draft_documents[document.id] = (draft_id, DraftDocument(document, False), content)
        return True

    async def record_draft_refusal(self, draft_id: uuid.UUID, *, refused: RefusedUpload) -> None:
        self.draft_refusals.append((draft_id, refused))

    async def remove_draft_document(self, draft_id: uuid.UUID, document_id: uuid.UUID) -> None:
        if self.draft_documents.get(document_id, (None,))[0] == draft_id:
            del self.draft_documents[document_id]

    async def set_document_sharing(self, draft_id: uuid.UUID, *, shared: set[uuid.UUID]) -> None:
        for doc_id, (owner, d, content) in list(self.draft_documents.items()):
            if owner == draft_id:
                self.draft_documents[doc_id] = (owner, DraftDocument(d.document, doc_id in shared), content)

    async def purge_expired(self, *, now: datetime, limit: int) -> int:
        expired = [i for i, d in self.drafts.items() if d["expires_at"] <= now][:limit]
        for draft_id in expired:
            del self.drafts[draft_id]
            self.draft_documents = {k: v for k, v in self.draft_documents.items() if v[0] != draft_id}
            self.draft_refusals = [r for r in self.draft_refusals if r[0] != draft_id]
        return len(expired)

    async def move_draft_documents(self, draft_id: uuid.UUID, *, enquiry_id: uuid.UUID) -> tuple[
            list[DocumentRecord], list[RefusedUpload]]:
        moved = [(d, c) for o, d, c in self.draft_documents.values() if o == draft_id]
        for d, content in moved:
            self.documents[d.document.id] = (enquiry_id, d.document, content)
            del self.draft_documents[d.document.id]
        refusals = [r for o, r in self.draft_refusals if o == draft_id]
        for r in refusals:
            self.refused_documents.append((enquiry_id, r.document, r.mark, r.found_in))
        self.draft_refusals = [x for x in self.draft_refusals if x[0] != draft_id]
        return [d.document for d, _ in moved], refusals

    async def mark_draft_submitted(self, draft_id: uuid.UUID, *, enquiry_id: uuid.UUID) -> None:
        self.drafts[draft_id].update(submitted_enquiry_id=enquiry_id, answers={}, email=None)

    # ResultStore
    async def store_released_result(self, *, enquiry_id: uuid.UUID, assessment_revision: int, taxonomy_version: str,
                                    result: dict[str, Any], released_at: datetime, event_id: uuid.UUID) -> bool:
        enquiry = self.enquiries.get(enquiry_id)
        kept = self.released_results.get(enquiry_id)
        if enquiry is None or enquiry.erased_at is not None or (kept and kept["revision"] >= assessment_revision):
            return False
        self.released_results[enquiry_id] = {"revision": assessment_revision, "taxonomy_version": taxonomy_version,
                                             "result": result, "released_at": released_at, "event_id": event_id}
        return True


class FakeDocumentReader:
    """Type from a prefix, text as the bytes decoded: the screen's rules run for real, without parsers or OCR."""

    def kind_of(self, content: bytes) -> DocumentKind | None:
        return DocumentKind.PDF if content.startswith(b"%PDF") else None

    def extract(self, content: bytes, kind: DocumentKind) -> list[ExtractedText]:
        if b"%%broken" in content:
            raise UnreadableDocument("broken")
        return [ExtractedText("page 1", content[:65536].decode(errors="replace"))]  # the quota tests send 10 MB


class FakeUnitOfWork:
    """Hands out the one store; a transaction that raises leaves it as it was before (a rollback)."""

    def __init__(self, store: FakeIntakeStore) -> None:
        self.store = store
        self.committed = 0
        self.rolled_back = 0

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[FakeIntakeStore]:
        before = {k: copy.deepcopy(v) for k, v in vars(self.store).items() if k != "clock"}
        try:
            yield self.store
        except BaseException:
            vars(self.store).update(before)
            self.rolled_back += 1
            raise
        self.committed += 1

    @contextlib.asynccontextmanager
    async def autocommit(self) -> AsyncIterator[FakeIntakeStore]:
        yield self.store
        self.committed += 1


@dataclass
class FakeRepublisher:
    published: list[dict[str, Any]] = field(default_factory=list)

    async def republish(self, *, subject: str, envelope: dict[str, Any], msg_id: str, correlation_id: str) -> None:
        self.published.append({"subject": subject, "envelope": envelope, "msg_id": msg_id,
                               "correlation_id": correlation_id})


@dataclass
class FakeEventStream:
    """The stream's events by reference; a session deletes them and remembers what it was asked to delete."""

    events_by_reference: dict[str, int] = field(default_factory=dict)
    deleted: list[set[str]] = field(default_factory=list)
    sessions: int = 0

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[FakeEventStream]:
        self.sessions += 1
        yield self

    async def delete_events_of(self, references: set[str]) -> int:
        self.deleted.append(references)
        return sum(self.events_by_reference.pop(r, 0) for r in references)
