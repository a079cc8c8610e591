"""CaseDocuments over PostgreSQL, and the reads of the case page and the download route (issue 16)."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg


class PgCaseDocuments:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def record_document(self, *, enquiry_id: uuid.UUID, document_id: uuid.UUID, name: str, media_type: str,
                              size_bytes: int, sha256: str, added_at: datetime, refused: bool = False,
                              mark: str | None = None, found_in: str | None = None) -> None:
        await self._conn.execute(
            "INSERT INTO case_documents (document_id, enquiry_id, name, media_type, size_bytes, sha256, refused,"
            " mark, found_in, added_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT DO NOTHING",
            document_id, enquiry_id, name, media_type, size_bytes, sha256, refused, mark, found_in, added_at)


async def documents_of_case(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT document_id, name, media_type, size_bytes, refused, mark, found_in, added_at FROM case_documents"
        " WHERE enquiry_id = $1 ORDER BY added_at, document_id", enquiry_id)
    return [dict(r) for r in rows]


async def downloadable_document(conn: asyncpg.Connection, case_id: uuid.UUID,
                                document_id: uuid.UUID) -> dict[str, Any] | None:
    """A clean document of this case (refused uploads were never stored and cannot be downloaded)."""
    row = await conn.fetchrow(
        "SELECT d.document_id, d.name FROM case_documents d JOIN cases c ON c.enquiry_id = d.enquiry_id"
        " WHERE c.id = $1 AND d.document_id = $2 AND NOT d.refused", case_id, document_id)
    return dict(row) if row else None
