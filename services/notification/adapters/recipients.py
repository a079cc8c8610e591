"""SQL for `recipients`: the company contact of each enquiry, as intake last validated it."""
from __future__ import annotations

import uuid

import asyncpg

from ..domain.plans import CompanyContact

_COLUMNS = "enquiry_id, reference, contact_email, contact_name, language, company_name, status_url"


async def record_submitted(conn: asyncpg.Connection, *, contact: CompanyContact) -> None:
    """Store the contact of a new enquiry (revision 1). Amendments wait for this row (they are retried until it
    exists), so a conflict can only be a republished submission and changes nothing."""
    await conn.execute(
        f"INSERT INTO recipients ({_COLUMNS}, revision) VALUES ($1,$2,$3,$4,$5,$6,$7,1)"
        " ON CONFLICT (enquiry_id) DO NOTHING",
        contact.enquiry_id, contact.reference, contact.contact_email, contact.contact_name, contact.language,
        contact.company_name, contact.status_url,
    )


async def record_amended(conn: asyncpg.Connection, *, enquiry_id: uuid.UUID, revision: int, contact_email: str,
                         contact_name: str, language: str, company_name: str) -> bool:
    """Apply an amendment; False if the enquiry is not known yet (the caller retries later).

    An amendment older than what we hold (redelivered out of order) changes nothing.
    """
    exists = await conn.fetchval("SELECT true FROM recipients WHERE enquiry_id = $1 FOR UPDATE", enquiry_id)
    if not exists:
        return False
    await conn.execute(
        "UPDATE recipients SET contact_email = $3, contact_name = $4, language = $5, company_name = $6,"
        " revision = $2, updated_at = now() WHERE enquiry_id = $1 AND revision < $2",
        enquiry_id, revision, contact_email, contact_name, language, company_name,
    )
    return True


async def company_contact(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> CompanyContact | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM recipients WHERE enquiry_id = $1", enquiry_id)
    return CompanyContact(**dict(row)) if row else None


async def forget(conn: asyncpg.Connection, enquiry_ids: list[uuid.UUID]) -> int:
    result = await conn.execute("DELETE FROM recipients WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
    return int(result.split()[-1])
