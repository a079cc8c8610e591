"""SQL for intake. Only this module knows the table layout."""
from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ..domain.identity import IdentityKeys


async def find_company(conn: asyncpg.Connection, keys: IdentityKeys) -> uuid.UUID | None:
    """The company matching any identity key, oldest first."""
    if not keys.any():
        return None
    return await conn.fetchval(
        "SELECT id FROM companies WHERE (register_number = $1) OR (vat_id = $2) OR (web_domain = $3)"
        " ORDER BY created_at LIMIT 1",
        keys.register_number, keys.vat_id, keys.web_domain,
    )


async def insert_company(conn: asyncpg.Connection, *, name: str, keys: IdentityKeys) -> uuid.UUID:
    company_id = uuid.uuid4()
    await conn.execute(
        "INSERT INTO companies (id, name, register_number, vat_id, web_domain) VALUES ($1,$2,$3,$4,$5)",
        company_id, name, keys.register_number, keys.vat_id, keys.web_domain,
    )
    return company_id


async def fill_company_keys(conn: asyncpg.Connection, company_id: uuid.UUID, keys: IdentityKeys) -> None:
    """A re-enquiry may bring keys we did not have; keep them for the next match."""
    await conn.execute(
        "UPDATE companies SET register_number = coalesce(register_number, $2), vat_id = coalesce(vat_id, $3),"
        " web_domain = coalesce(web_domain, $4), updated_at = now() WHERE id = $1",
        company_id, keys.register_number, keys.vat_id, keys.web_domain,
    )


async def insert_enquiry(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, reference: str, company_id: uuid.UUID,
                         is_re_enquiry: bool, status: str, language: str, profile: dict[str, Any],
                         contact: dict[str, Any], consents: dict[str, Any]) -> None:
    await conn.execute(
        "INSERT INTO enquiries (id, reference, company_id, is_re_enquiry, status, language, profile, contact,"
        " consents) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
        enquiry_id, reference, company_id, is_re_enquiry, status, language, profile, contact, consents,
    )
    await conn.execute("INSERT INTO enquiry_status_history (enquiry_id, status) VALUES ($1, $2)", enquiry_id, status)


async def insert_consent_record(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, consents: dict[str, Any],
                                source: str) -> None:
    await conn.execute(
        "INSERT INTO consent_records (enquiry_id, text_version, processing, share_with_partners,"
        " no_classified_info, newsletter, source) VALUES ($1,$2,$3,$4,$5,$6,$7)",
        enquiry_id, consents["text_version"], consents["processing"], consents["share_with_partners"],
        consents["no_classified_information"], consents["newsletter"], source,
    )


async def claim_idempotency_key(conn: asyncpg.Connection, *, key: str, request_hash: str,
                                enquiry_id: uuid.UUID) -> asyncpg.Record | None:
    """Record `key`; if it was already used, return the earlier row instead (and record nothing)."""
    inserted = await conn.fetchval(
        "INSERT INTO idempotency_keys (key, request_hash, enquiry_id) VALUES ($1,$2,$3)"
        " ON CONFLICT (key) DO NOTHING RETURNING true",
        key, request_hash, enquiry_id,
    )
    if inserted:
        return None
    return await conn.fetchrow(
        "SELECT k.request_hash, k.enquiry_id, e.reference FROM idempotency_keys k"
        " JOIN enquiries e ON e.id = k.enquiry_id WHERE k.key = $1",
        key,
    )


async def get_enquiry(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT id, reference, status, language, revision, submitted_at, updated_at, is_re_enquiry"
        " FROM enquiries WHERE id = $1",
        enquiry_id,
    )


async def set_status(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, status: str, event_id: uuid.UUID) -> None:
    await conn.execute("UPDATE enquiries SET status = $2, updated_at = now() WHERE id = $1", enquiry_id, status)
    await conn.execute(
        "INSERT INTO enquiry_status_history (enquiry_id, status, event_id) VALUES ($1,$2,$3)",
        enquiry_id, status, event_id,
    )
