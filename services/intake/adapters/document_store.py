"""DocumentStore over PostgreSQL: documents (content in bytea, the default storage) and refused uploads."""
from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from shared.messaging.outbox import PgOutbox

from ..use_cases.ports import DocumentOwner, DocumentRecord

_COLUMNS = "id, name, media_type, size_bytes, sha256, uploaded_at"


def _record(row: Any) -> DocumentRecord:
    return DocumentRecord(id=row["id"], name=row["name"], media_type=row["media_type"],
                          size_bytes=row["size_bytes"], sha256=row["sha256"], uploaded_at=row["uploaded_at"])


class PgDocumentStore:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self.outbox = PgOutbox(conn)

    async def document_owner(self, enquiry_id: uuid.UUID) -> DocumentOwner | None:
        lock = " FOR UPDATE" if self._conn.is_in_transaction() else ""
        row = await self._conn.fetchrow(
            f"SELECT id, reference, language FROM enquiries WHERE id = $1 AND erased_at IS NULL{lock}", enquiry_id)
        return DocumentOwner(id=row["id"], reference=row["reference"], language=row["language"]) if row else None

    async def stored_bytes(self, enquiry_id: uuid.UUID) -> int:
        total = await self._conn.fetchval(
            "SELECT coalesce(sum(size_bytes), 0) FROM documents WHERE enquiry_id = $1", enquiry_id)
        return int(total)

    async def find_document(self, enquiry_id: uuid.UUID, sha256: str) -> DocumentRecord | None:
        row = await self._conn.fetchrow(f"SELECT {_COLUMNS} FROM documents WHERE enquiry_id = $1 AND sha256 = $2",
                                        enquiry_id, sha256)
        return _record(row) if row else None

    async def store_document(self, *, enquiry_id: uuid.UUID, document: DocumentRecord, content: bytes) -> None:
        d = document
        await self._conn.execute(
            "INSERT INTO documents (id, enquiry_id, name, media_type, size_bytes, sha256, content, uploaded_at)"
            " VALUES ($1,$2,$3,$4,$5,$6,$7,$8)", d.id, enquiry_id, d.name, d.media_type, d.size_bytes, d.sha256,
            content, d.uploaded_at)

    async def record_refusal(self, *, enquiry_id: uuid.UUID, document: DocumentRecord, mark: str,
                             found_in: str) -> None:
        d = document
        await self._conn.execute(
            "INSERT INTO refused_documents (id, enquiry_id, name, media_type, size_bytes, sha256, mark, found_in,"
            " refused_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)", d.id, enquiry_id, d.name, d.media_type,
            d.size_bytes, d.sha256, mark, found_in, d.uploaded_at)

    async def list_documents(self, enquiry_id: uuid.UUID) -> list[DocumentRecord]:
        rows = await self._conn.fetch(
            f"SELECT {_COLUMNS} FROM documents WHERE enquiry_id = $1 ORDER BY uploaded_at, id", enquiry_id)
        return [_record(r) for r in rows]


async def enquiry_documents(pool: asyncpg.Pool, enquiry_id: uuid.UUID) -> list[DocumentRecord] | None:
    """The stored documents of an enquiry (never their content); None for an unknown or erased enquiry."""
    async with pool.acquire() as conn:
        store = PgDocumentStore(conn)
        if await store.document_owner(enquiry_id) is None:
            return None
        return await store.list_documents(enquiry_id)
