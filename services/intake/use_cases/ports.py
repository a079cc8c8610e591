"""What intake's use cases need from the outside, as Protocols: adapters/ implements them over PostgreSQL and
NATS, tests/unit/intake/fakes.py in memory."""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from shared.contracts.envelope import Envelope
from shared.contracts.intake import EnquirySubmittedV1
from shared.messaging.outbox import Outbox

from ..domain.classification import ExtractedText
from ..domain.documents import DocumentKind
from ..domain.identity import IdentityKeys
from ..domain.status import EnquiryStatus, StatusState

Store_co = TypeVar("Store_co", covariant=True)


class UnitOfWork(Protocol[Store_co]):
    """Opens the transaction of a command (HTTP, background pass) and hands its use case a store on it."""

    def transaction(self) -> AbstractAsyncContextManager[Store_co]:
        """A store whose changes commit together when the block ends, and roll back if it raises."""
        ...

    def autocommit(self) -> AbstractAsyncContextManager[Store_co]:
        """A store outside any transaction: each call commits on its own. For a use case whose whole change is one
        call, without the round trips of BEGIN and COMMIT."""
        ...


@dataclass(frozen=True)
class LockedEnquiry:
    """An enquiry's status row, locked until the transaction ends (parallel consumers serialise on it)."""

    id: uuid.UUID
    reference: str
    status: EnquiryStatus
    status_decided_at: datetime
    revision: int
    questionnaire: int = 1  # the questions the enquiry was first answered with (ADR 13)

    @property
    def state(self) -> StatusState:
        return StatusState(self.status, self.status_decided_at)


@dataclass(frozen=True)
class EarlierClaim:
    """The first use of an Idempotency-Key."""

    request_hash: str
    enquiry_id: uuid.UUID
    reference: str


class EnquiryStore(Protocol):
    """Enquiries, their companies, revisions, consent records and status, on one connection."""

    @property
    def outbox(self) -> Outbox: ...

    async def store_submission(self, *, company_name: str, keys: IdentityKeys, status: EnquiryStatus, source: str,
                               submitted: Envelope[EnquirySubmittedV1]) -> None:
        """The enquiry (id, reference, profile, contact and consents as its `submitted` event carries them) with its
        company (found by any identity key, else new), first status, first revision and consent record, and the
        event staged in the outbox, all at once; the event's company_id and is_re_enquiry are decided here."""
        ...

    async def claim_idempotency_key(self, *, key: str, request_hash: str,
                                    enquiry_id: uuid.UUID) -> EarlierClaim | None:
        """Record `key` for `enquiry_id`; if it was used before, record nothing and return that first use."""
        ...

    async def lock_enquiry(self, enquiry_id: uuid.UUID) -> LockedEnquiry | None:
        """None for an enquiry that is not ours or was erased."""
        ...

    async def set_status(self, *, enquiry_id: uuid.UUID, status: EnquiryStatus, event_id: uuid.UUID | None,
                         decided_at: datetime) -> None:
        """The new status, when the decision behind it happened, and a history row naming the event (if any)."""
        ...

    async def set_open_question(self, *, enquiry_id: uuid.UUID, request_id: uuid.UUID, question: str,
                                respond_by: date) -> None: ...

    async def clear_open_question(self, enquiry_id: uuid.UUID) -> None:
        """No question and no re-assessment invitation open any more (the company amended)."""
        ...

    async def invite_to_update(self, *, enquiry_id: uuid.UUID, due_on: date) -> None:
        """The company is invited to update its answers for the re-assessment due on `due_on`."""
        ...

    async def confirm_case_opened(self, enquiry_id: uuid.UUID) -> LockedEnquiry | None:
        """Advisory has the case: the reconciliation sweep leaves the enquiry alone from now on. The enquiry comes
        back locked, as from `lock_enquiry` (None if it is not here)."""
        ...

    async def store_amendment(self, *, enquiry_id: uuid.UUID, revision: int, profile: dict[str, Any],
                              contact: dict[str, Any], consents: dict[str, Any], consent_source: str) -> None:
        """The new newest revision (and its history row), and the consents recorded again."""
        ...


@dataclass(frozen=True)
class ErasableEnquiry:
    id: uuid.UUID
    reference: str
    company_id: uuid.UUID


@dataclass(frozen=True)
class AnsweredErasure:
    """An erasure request every downstream service has answered; its events can leave the stream."""

    request_id: uuid.UUID
    pending_references: list[str]


class ErasureStore(Protocol):
    """What intake erases, and the bookkeeping of erasure requests."""

    @property
    def outbox(self) -> Outbox: ...

    async def company_enquiries(self, reference: str) -> list[ErasableEnquiry]:
        """Every enquiry not yet erased of the company that sent `reference` (a company's data goes as a whole)."""
        ...

    async def retention_due(self, *, closed_before: datetime, limit: int) -> list[ErasableEnquiry]:
        """Closed enquiries, not yet erased, last changed before `closed_before`; oldest first."""
        ...

    async def erase_personal_data(self, enquiries: Sequence[ErasableEnquiry]) -> None:
        """Remove their personal data (enquiries, revisions, idempotency keys, companies, documents and the names
        of refused uploads, released results, outbox and dead letters); keep reference, status and consent records
        (Art. 7(1) evidence)."""
        ...

    async def record_erasure_request(self, *, request_id: uuid.UUID, references: list[str],
                                     reference_hashes: list[str], reason: str) -> None: ...

    async def record_service_done(self, request_id: uuid.UUID, service: str) -> None: ...

    async def answered_erasures(self, services: Sequence[str]) -> list[AnsweredErasure]:
        """Requests not yet scrubbed from the stream that every one of `services` has answered."""
        ...

    async def mark_erasure_complete(self, request_id: uuid.UUID) -> None:
        """The stream is scrubbed: the request is complete, and its references are forgotten."""
        ...


class StreamSession(Protocol):
    async def delete_events_of(self, references: set[str]) -> int:
        """Delete every event of these enquiries from the stream; return how many."""
        ...


class EventStream(Protocol):
    """The event stream itself, for the last step of an erasure."""

    def session(self) -> AbstractAsyncContextManager[StreamSession]: ...


@dataclass(frozen=True)
class UnconfirmedEnquiry:
    """An enquiry whose case was not confirmed in time, with its published `submitted` event."""

    id: uuid.UUID
    reconciled_count: int
    event_id: uuid.UUID
    subject: str
    envelope: dict[str, Any]
    correlation_id: str


class ReconciliationStore(Protocol):
    async def take_unconfirmed(self, *, overdue_before: datetime, limit: int) -> list[UnconfirmedEnquiry]:
        """Enquiries without a confirmed case, submitted and last re-published before `overdue_before`; oldest
        first, locked until the transaction ends (replicas skip each other's)."""
        ...

    async def mark_reconciled(self, enquiry_id: uuid.UUID, *, at: datetime) -> None: ...


class Republisher(Protocol):
    async def republish(self, *, subject: str, envelope: dict[str, Any], msg_id: str, correlation_id: str) -> None:
        """Publish a stored envelope again, under a message id of its own; returns once the stream stored it."""
        ...


@dataclass(frozen=True)
class DocumentOwner:
    """The enquiry a document is added to, locked until the transaction ends (one upload at a time counts)."""

    id: uuid.UUID
    reference: str
    language: str


@dataclass(frozen=True)
class DocumentRecord:
    id: uuid.UUID
    name: str
    media_type: str
    size_bytes: int
    sha256: str
    uploaded_at: datetime


class DocumentStore(Protocol):
    """Documents of enquiries and the record of refused uploads (adapters/document_store.py: PostgreSQL)."""

    @property
    def outbox(self) -> Outbox: ...

    async def document_owner(self, enquiry_id: uuid.UUID) -> DocumentOwner | None:
        """None for an enquiry that is not ours or was erased."""
        ...

    async def stored_bytes(self, enquiry_id: uuid.UUID) -> int: ...

    async def find_document(self, enquiry_id: uuid.UUID, sha256: str) -> DocumentRecord | None: ...

    async def store_document(self, *, enquiry_id: uuid.UUID, document: DocumentRecord, content: bytes) -> None: ...

    async def record_refusal(self, *, enquiry_id: uuid.UUID, document: DocumentRecord, mark: str,
                             found_in: str) -> None:
        """Name, hash and the mark found: the file itself is never stored."""
        ...

    async def list_documents(self, enquiry_id: uuid.UUID) -> list[DocumentRecord]: ...


class DocumentReader(Protocol):
    """Type by content and the text of a file (adapters/text_extraction.py: pypdf, python-docx, tesseract)."""

    def kind_of(self, content: bytes) -> DocumentKind | None: ...

    def extract(self, content: bytes, kind: DocumentKind) -> list[ExtractedText]:
        """Every piece of text a reader could see; raises UnreadableDocument if the file cannot be read in full."""
        ...


class ResultStore(Protocol):
    """The assessment result an advisor released to the company (adapters/result_store.py)."""

    async def store_released_result(self, *, enquiry_id: uuid.UUID, assessment_revision: int, taxonomy_version: str,
                                    result: dict[str, Any], released_at: datetime, event_id: uuid.UUID) -> bool:
        """Keep the result unless one of the same or a newer revision is kept; nothing for an enquiry that is not
        ours or was erased. True if it was kept."""
        ...


@dataclass(frozen=True)
class Draft:
    """A company's unfinished guided form (never an enquiry until submitted)."""

    id: uuid.UUID
    reference: str
    answers: dict[str, list[str]]
    language: str
    email: str | None
    expires_at: datetime
    submitted_enquiry_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DraftDocument:
    document: DocumentRecord
    shared_with_partners: bool


@dataclass(frozen=True)
class RefusedUpload:
    document: DocumentRecord
    mark: str
    found_in: str


class DraftStore(Protocol):
    """Drafts of the guided form, their documents and refused uploads (adapters/draft_store.py)."""

    @property
    def outbox(self) -> Outbox: ...

    async def find_draft(self, token_hash: str, *, now: datetime, lock: bool = False) -> Draft | None:
        """The draft whose current token has this hash and has not expired; `lock` holds it until the end of the
        transaction (a double click submits once)."""
        ...

    async def create_draft(self, *, draft_id: uuid.UUID, reference: str, token_hash: str,
                           answers: dict[str, list[str]], language: str, now: datetime, expires_at: datetime) -> None:
        ...

    async def save_answers(self, draft_id: uuid.UUID, *, answers: dict[str, list[str]], language: str,
                           now: datetime, expires_at: datetime) -> None: ...

    async def rotate_token(self, draft_id: uuid.UUID, *, token_hash: str, email: str, now: datetime,
                           expires_at: datetime) -> None:
        """The new token replaces the old one: the earlier resume link stops working."""
        ...

    async def draft_documents(self, draft_id: uuid.UUID) -> list[DraftDocument]: ...

    async def draft_refusals(self, draft_id: uuid.UUID) -> list[RefusedUpload]: ...

    async def draft_stored_bytes(self, draft_id: uuid.UUID) -> int: ...

    async def store_draft_document(self, draft_id: uuid.UUID, *, document: DocumentRecord, content: bytes) -> bool:
        """False if the same file (by hash) is there already."""
        ...

    async def record_draft_refusal(self, draft_id: uuid.UUID, *, refused: RefusedUpload) -> None: ...

    async def remove_draft_document(self, draft_id: uuid.UUID, document_id: uuid.UUID) -> None: ...

    async def set_document_sharing(self, draft_id: uuid.UUID, *, shared: set[uuid.UUID]) -> None:
        """Exactly the documents in `shared` may go to partners; all others not."""
        ...

    async def purge_expired(self, *, now: datetime, limit: int) -> int:
        """Delete drafts past their expiry with their documents; return how many."""
        ...


class DraftSubmissionStore(EnquiryStore, DraftStore, Protocol):
    """Both, on one connection: a submitted draft becomes an enquiry in one transaction."""

    async def move_draft_documents(self, draft_id: uuid.UUID, *, enquiry_id: uuid.UUID) -> tuple[
            list[DocumentRecord], list[RefusedUpload]]:
        """The draft's documents (with their sharing consent) and refusals now belong to the enquiry."""
        ...

    async def mark_draft_submitted(self, draft_id: uuid.UUID, *, enquiry_id: uuid.UUID) -> None:
        """Answers emptied; the row stays until it expires, so a repeated submit finds the enquiry."""
        ...
