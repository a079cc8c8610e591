"""SQL for intake. Only this module knows the table layout."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import asyncpg

from shared.messaging.outbox import OUTBOX_COLUMNS, OutboxRow

from ..domain.identity import IdentityKeys


async def store_submission(conn: asyncpg.Connection, *, name: str, keys: IdentityKeys, enquiry_id: uuid.UUID,
                           reference: str, status: str, language: str, profile: dict[str, Any],
                           contact: dict[str, Any], consents: dict[str, Any], source: str,
                           submitted_event: OutboxRow) -> None:
    """A new enquiry in ONE statement (atomic without BEGIN/COMMIT, one round trip the client waits for):

    - its company: the one matching any identity key (oldest first) with its missing keys filled in, else new;
    - the enquiry with its first status, first revision and consent record;
    - its `submitted` event in the outbox (`submitted_event` = `outbox_values(...)`), whose payload gets the
      company id and re-enquiry flag decided here (the caller cannot know them before)."""
    event_id, subject, envelope, correlation_id = submitted_event
    await conn.execute(
        "WITH found AS (SELECT id FROM companies WHERE (register_number = $2) OR (vat_id = $3) OR (web_domain = $4)"
        "   ORDER BY created_at LIMIT 1),"
        " filled AS (UPDATE companies SET register_number = coalesce(register_number, $2),"
        "   vat_id = coalesce(vat_id, $3), web_domain = coalesce(web_domain, $4), updated_at = now()"
        "   WHERE id IN (SELECT id FROM found) RETURNING id),"
        " created AS (INSERT INTO companies (id, name, register_number, vat_id, web_domain)"
        "   SELECT $5, $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id),"
        " company AS (SELECT id, true AS known FROM filled UNION ALL SELECT id, false AS known FROM created),"
        " e AS (INSERT INTO enquiries (id, reference, company_id, is_re_enquiry, status, language, profile,"
        "   contact, consents) SELECT $6, $7, company.id, company.known, $8, $9, $10, $11, $12 FROM company"
        "   RETURNING id, company_id, is_re_enquiry),"
        " h AS (INSERT INTO enquiry_status_history (enquiry_id, status) SELECT id, $8 FROM e),"
        " r AS (INSERT INTO enquiry_revisions (enquiry_id, revision, profile, contact, consents, source)"
        "   SELECT id, 1, $10, $11, $12, 'submission' FROM e),"
        " c AS (INSERT INTO consent_records (enquiry_id, text_version, processing, share_with_partners,"
        "   no_classified_info, newsletter, source) SELECT id, $13, $14, $15, $16, $17, $18 FROM e)"
        f" INSERT INTO outbox ({OUTBOX_COLUMNS})"
        " SELECT $19, $20, jsonb_set(jsonb_set($21::jsonb, '{payload,company_id}', to_jsonb(e.company_id)),"
        "   '{payload,is_re_enquiry}', to_jsonb(e.is_re_enquiry)), $22 FROM e",
        name, keys.register_number, keys.vat_id, keys.web_domain, uuid.uuid4(),
        enquiry_id, reference, status, language, profile, contact, consents,
        consents["text_version"], consents["processing"], consents["share_with_partners"],
        consents["no_classified_information"], consents["newsletter"], source,
        event_id, subject, envelope, correlation_id,
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
    return await conn.fetchrow(f"SELECT {_ENQUIRY_COLUMNS} FROM enquiries WHERE id = $1 FOR NO KEY UPDATE", enquiry_id)


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
