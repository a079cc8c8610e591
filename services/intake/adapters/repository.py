"""SQL for intake. Only this module knows the table layout."""
from __future__ import annotations

import uuid
from datetime import date, datetime
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
    await insert_revision(conn, enquiry_id=enquiry_id, revision=1, profile=profile, contact=contact,
                          consents=consents, source="submission")


async def insert_revision(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, revision: int, profile: dict[str, Any],
                          contact: dict[str, Any], consents: dict[str, Any], source: str) -> None:
    await conn.execute(
        "INSERT INTO enquiry_revisions (enquiry_id, revision, profile, contact, consents, source)"
        " VALUES ($1,$2,$3,$4,$5,$6)",
        enquiry_id, revision, profile, contact, consents, source,
    )


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


_ENQUIRY_COLUMNS = ("id, reference, status, status_decided_at, language, revision, submitted_at, updated_at,"
                    " is_re_enquiry, open_question, respond_by, info_request_id")


async def get_enquiry(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_ENQUIRY_COLUMNS} FROM enquiries WHERE id = $1", enquiry_id)


async def lock_enquiry(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> asyncpg.Record | None:
    """The enquiry, locked until the transaction ends: status moves from parallel consumers serialise here."""
    return await conn.fetchrow(f"SELECT {_ENQUIRY_COLUMNS} FROM enquiries WHERE id = $1 FOR UPDATE", enquiry_id)


async def get_enquiry_data(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> asyncpg.Record | None:
    """What the company sent (newest revision), for the amendment form."""
    return await conn.fetchrow("SELECT profile, contact, consents FROM enquiries WHERE id = $1", enquiry_id)


async def set_status(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, status: str, event_id: uuid.UUID | None,
                     decided_at: datetime) -> None:
    await conn.execute(
        "UPDATE enquiries SET status = $2, status_decided_at = $3, updated_at = now() WHERE id = $1",
        enquiry_id, status, decided_at,
    )
    await conn.execute(
        "INSERT INTO enquiry_status_history (enquiry_id, status, event_id) VALUES ($1,$2,$3)",
        enquiry_id, status, event_id,
    )


async def set_open_question(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, request_id: uuid.UUID | None,
                            question: str | None, respond_by: date | None) -> None:
    await conn.execute(
        "UPDATE enquiries SET info_request_id = $2, open_question = $3, respond_by = $4 WHERE id = $1",
        enquiry_id, request_id, question, respond_by,
    )


async def store_amendment(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, revision: int,
                          profile: dict[str, Any], contact: dict[str, Any], consents: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE enquiries SET revision = $2, profile = $3, contact = $4, consents = $5, language = $6,"
        " updated_at = now() WHERE id = $1",
        enquiry_id, revision, profile, contact, consents, contact.get("language", "de"),
    )
    await insert_revision(conn, enquiry_id=enquiry_id, revision=revision, profile=profile, contact=contact,
                          consents=consents, source="amendment")
