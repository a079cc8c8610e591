"""The read side for intake's pages and API: named queries, each returning rows for a route to render."""
from __future__ import annotations

import uuid

import asyncpg

_ENQUIRY_COLUMNS = ("id, reference, status, status_decided_at, language, revision, submitted_at, updated_at,"
                    " is_re_enquiry, open_question, respond_by, info_request_id, reassessment_invited_for")


async def get_enquiry(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> asyncpg.Record | None:
    """What the status page and the status API show."""
    return await conn.fetchrow(f"SELECT {_ENQUIRY_COLUMNS} FROM enquiries WHERE id = $1", enquiry_id)


async def get_enquiry_data(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> asyncpg.Record | None:
    """What the company sent (newest revision), for the amendment form."""
    return await conn.fetchrow("SELECT profile, contact, consents FROM enquiries WHERE id = $1", enquiry_id)


async def get_erasure_request(conn: asyncpg.Connection, request_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM erasure_requests WHERE id = $1", request_id)
