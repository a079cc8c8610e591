"""SQL for intake. Only this module knows the table layout."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import asyncpg

from ..domain.identity import IdentityKeys


async def company_for(conn: asyncpg.Connection, *, name: str, keys: IdentityKeys) -> tuple[uuid.UUID, bool]:
    """The company matching any identity key (oldest first), its missing keys filled in; else a new company.
    Returns (company id, whether it was known). One statement: every round trip of the submission's
    transaction is waited for while the client waits (make bench)."""
    row = await conn.fetchrow(
        "WITH found AS (SELECT id FROM companies WHERE (register_number = $2) OR (vat_id = $3) OR (web_domain = $4)"
        "   ORDER BY created_at LIMIT 1),"
        " filled AS (UPDATE companies SET register_number = coalesce(register_number, $2),"
        "   vat_id = coalesce(vat_id, $3), web_domain = coalesce(web_domain, $4), updated_at = now()"
        "   WHERE id IN (SELECT id FROM found) RETURNING id),"
        " created AS (INSERT INTO companies (id, name, register_number, vat_id, web_domain)"
        "   SELECT $5, $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)"
        " SELECT id, true AS known FROM filled UNION ALL SELECT id, false AS known FROM created",
        name, keys.register_number, keys.vat_id, keys.web_domain, uuid.uuid4(),
    )
    return row["id"], row["known"]


async def insert_enquiry(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, reference: str, company_id: uuid.UUID,
                         is_re_enquiry: bool, status: str, language: str, profile: dict[str, Any],
                         contact: dict[str, Any], consents: dict[str, Any], source: str) -> None:
    """The enquiry with its first status, its first revision and its consent record, in one statement."""
    await conn.execute(
        "WITH e AS (INSERT INTO enquiries (id, reference, company_id, is_re_enquiry, status, language, profile,"
        "   contact, consents) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id),"
        " h AS (INSERT INTO enquiry_status_history (enquiry_id, status) SELECT id, $5 FROM e),"
        " r AS (INSERT INTO enquiry_revisions (enquiry_id, revision, profile, contact, consents, source)"
        "   SELECT id, 1, $7, $8, $9, 'submission' FROM e)"
        " INSERT INTO consent_records (enquiry_id, text_version, processing, share_with_partners,"
        " no_classified_info, newsletter, source) SELECT id, $10, $11, $12, $13, $14, $15 FROM e",
        enquiry_id, reference, company_id, is_re_enquiry, status, language, profile, contact, consents,
        consents["text_version"], consents["processing"], consents["share_with_partners"],
        consents["no_classified_information"], consents["newsletter"], source,
    )


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
        "WITH changed AS (UPDATE enquiries SET status = $2, status_decided_at = $3, updated_at = now()"
        "   WHERE id = $1 RETURNING id)"
        " INSERT INTO enquiry_status_history (enquiry_id, status, event_id) SELECT id, $2, $4 FROM changed",
        enquiry_id, status, decided_at, event_id,
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
