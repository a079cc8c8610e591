"""One stored document with its content, for the signed download advisors reach through advisory (issue 16)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class StoredDocument:
    name: str
    media_type: str
    content: bytes


async def stored_document(pool: asyncpg.Pool, document_id: uuid.UUID) -> StoredDocument | None:
    """The document and its bytes; None when unknown or its enquiry was erased."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow(
            "SELECT d.name, d.media_type, d.content FROM documents d JOIN enquiries e ON e.id = d.enquiry_id"
            " WHERE d.id = $1 AND e.erased_at IS NULL", document_id)
    if row is None:
        return None
    return StoredDocument(name=row["name"], media_type=row["media_type"], content=bytes(row["content"]))
