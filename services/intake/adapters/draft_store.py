"""DraftStore over PostgreSQL: drafts of the guided form, their documents and refused uploads; and the store a
draft is submitted through (enquiry and draft on one connection)."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg

from shared.messaging.outbox import Outbox, PgOutbox

from ..use_cases.ports import DocumentRecord, Draft, DraftDocument, RefusedUpload
from .enquiry_store import PgEnquiryStore

_DOC = "id, name, media_type, size_bytes, sha256, uploaded_at"


def _record(row: Any, at: str = "uploaded_at") -> DocumentRecord:
    return DocumentRecord(id=row["id"], name=row["name"], media_type=row["media_type"],
                          size_bytes=row["size_bytes"], sha256=row["sha256"], uploaded_at=row[at])


class PgDraftStore:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self.outbox: Outbox = PgOutbox(conn)

    async def find_draft(self, token_hash: str, *, now: datetime, lock: bool = False) -> Draft | None:
        row = await self._conn.fetchrow(
            "SELECT id, reference, answers, language, email, expires_at, submitted_enquiry_id FROM drafts"
            f" WHERE token_hash = $1 AND expires_at > $2{' FOR UPDATE' if lock else ''}", token_hash, now)
        if row is None:
            return None
        return Draft(id=row["id"], reference=row["reference"], answers=dict(row["answers"]),
                     language=row["language"], email=row["email"], expires_at=row["expires_at"],
                     submitted_enquiry_id=row["submitted_enquiry_id"])

    async def create_draft(self, *, draft_id: uuid.UUID, reference: str, token_hash: str,
                           answers: dict[str, list[str]], language: str, now: datetime, expires_at: datetime) -> None:
        # A cookie may outlive its draft (expired, not yet purged): that row goes, the token starts a new draft.
        await self._conn.execute("DELETE FROM drafts WHERE token_hash = $1 AND expires_at <= $2", token_hash, now)
        await self._conn.execute(
            "INSERT INTO drafts (id, reference, token_hash, answers, language, created_at, updated_at, expires_at)"
            " VALUES ($1,$2,$3,$4,$5,$6,$6,$7)", draft_id, reference, token_hash, answers, language, now, expires_at)

    async def save_answers(self, draft_id: uuid.UUID, *, answers: dict[str, list[str]], language: str,
                           now: datetime, expires_at: datetime) -> None:
        await self._conn.execute(
            "UPDATE drafts SET answers = $2, language = $3, updated_at = $4, expires_at = $5 WHERE id = $1",
            draft_id, answers, language, now, expires_at)

    async def rotate_token(self, draft_id: uuid.UUID, *, token_hash: str, email: str, now: datetime,
                           expires_at: datetime) -> None:
        await self._conn.execute(
            "UPDATE drafts SET token_hash = $2, email = $3, updated_at = $4, expires_at = $5 WHERE id = $1",
            draft_id, token_hash, email, now, expires_at)

    async def draft_documents(self, draft_id: uuid.UUID) -> list[DraftDocument]:
        rows = await self._conn.fetch(
            f"SELECT {_DOC}, shared_with_partners FROM draft_documents WHERE draft_id = $1 ORDER BY uploaded_at, id",
            draft_id)
        return [DraftDocument(document=_record(r), shared_with_partners=r["shared_with_partners"]) for r in rows]

    async def draft_refusals(self, draft_id: uuid.UUID) -> list[RefusedUpload]:
        rows = await self._conn.fetch(
            "SELECT id, name, media_type, size_bytes, sha256, refused_at, mark, found_in FROM draft_refused_documents"
            " WHERE draft_id = $1 ORDER BY refused_at, id", draft_id)
        return [RefusedUpload(document=_record(r, "refused_at"), mark=r["mark"], found_in=r["found_in"])
                for r in rows]

    async def draft_stored_bytes(self, draft_id: uuid.UUID) -> int:
        return int(await self._conn.fetchval(
            "SELECT coalesce(sum(size_bytes), 0) FROM draft_documents WHERE draft_id = $1", draft_id))

    async def store_draft_document(self, draft_id: uuid.UUID, *, document: DocumentRecord, content: bytes) -> bool:
        d = document
        inserted = await self._conn.fetchval(
            "INSERT INTO draft_documents (id, draft_id, name, media_type, size_bytes, sha256, content, uploaded_at)"
            " VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (draft_id, sha256) DO NOTHING RETURNING true",
            d.id, draft_id, d.name, d.media_type, d.size_bytes, d.sha256, content, d.uploaded_at)
        return bool(inserted)

    async def record_draft_refusal(self, draft_id: uuid.UUID, *, refused: RefusedUpload) -> None:
        d = refused.document
        await self._conn.execute(
            "INSERT INTO draft_refused_documents (id, draft_id, name, media_type, size_bytes, sha256, mark,"
            " found_in, refused_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
            d.id, draft_id, d.name, d.media_type, d.size_bytes, d.sha256, refused.mark, refused.found_in,
            d.uploaded_at)

    async def remove_draft_document(self, draft_id: uuid.UUID, document_id: uuid.UUID) -> None:
        await self._conn.execute("DELETE FROM draft_documents WHERE draft_id = $1 AND id = $2", draft_id, document_id)

    async def set_document_sharing(self, draft_id: uuid.UUID, *, shared: set[uuid.UUID]) -> None:
        await self._conn.execute(
            "UPDATE draft_documents SET shared_with_partners = (id = ANY($2::uuid[])) WHERE draft_id = $1",
            draft_id, list(shared))

    async def purge_expired(self, *, now: datetime, limit: int) -> int:
        deleted = await self._conn.fetch(
            "DELETE FROM drafts WHERE id IN (SELECT id FROM drafts WHERE expires_at <= $1 ORDER BY expires_at"
            " LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id", now, limit)
        return len(deleted)


class PgDraftSubmissionStore(PgEnquiryStore, PgDraftStore):
    def __init__(self, conn: asyncpg.Connection) -> None:
        PgEnquiryStore.__init__(self, conn)

    async def move_draft_documents(self, draft_id: uuid.UUID, *, enquiry_id: uuid.UUID) -> tuple[
            list[DocumentRecord], list[RefusedUpload]]:
        moved = await self._conn.fetch(
            "WITH d AS (DELETE FROM draft_documents WHERE draft_id = $1 RETURNING *)"
            " INSERT INTO documents (id, enquiry_id, name, media_type, size_bytes, sha256, content, uploaded_at,"
            "  shared_with_partners)"
            f" SELECT id, $2, name, media_type, size_bytes, sha256, content, uploaded_at, shared_with_partners FROM d"
            f" ORDER BY uploaded_at, id RETURNING {_DOC}", draft_id, enquiry_id)
        refused = await self._conn.fetch(
            "WITH d AS (DELETE FROM draft_refused_documents WHERE draft_id = $1 RETURNING *)"
            " INSERT INTO refused_documents (id, enquiry_id, name, media_type, size_bytes, sha256, mark, found_in,"
            "  refused_at) SELECT id, $2, name, media_type, size_bytes, sha256, mark, found_in, refused_at FROM d"
            " RETURNING id, name, media_type, size_bytes, sha256, refused_at, mark, found_in", draft_id, enquiry_id)
        documents = sorted((_record(r) for r in moved), key=lambda d: (d.uploaded_at, str(d.id)))
        refusals = sorted((RefusedUpload(document=_record(r, "refused_at"), mark=r["mark"], found_in=r["found_in"])
                           for r in refused), key=lambda r: (r.document.uploaded_at, str(r.document.id)))
        return documents, refusals

    async def mark_draft_submitted(self, draft_id: uuid.UUID, *, enquiry_id: uuid.UUID) -> None:
        await self._conn.execute(
            "UPDATE drafts SET submitted_enquiry_id = $2, answers = '{}'::jsonb, email = NULL, updated_at = now()"
            " WHERE id = $1", draft_id, enquiry_id)


async def erase_drafts_of(conn: asyncpg.Connection, *, emails: list[str], enquiry_ids: list[uuid.UUID]) -> int:
    """GDPR: drafts saved under these addresses or submitted as these enquiries go, with their documents."""
    deleted = await conn.fetch(
        "DELETE FROM drafts WHERE (email IS NOT NULL AND lower(email) = ANY($1::text[]))"
        " OR submitted_enquiry_id = ANY($2::uuid[]) OR lower(answers->'contact.email'->>0) = ANY($1::text[])"
        " RETURNING id", [e.lower() for e in emails], enquiry_ids)
    return len(deleted)
