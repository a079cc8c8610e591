"""The released assessment result (migration 0009_released_results): kept per enquiry, newest revision wins."""
from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import asyncpg

# Only for an enquiry of ours that is not erased; a late older revision changes nothing.
_KEEP = (
    "INSERT INTO released_results (enquiry_id, assessment_revision, taxonomy_version, result, released_at, event_id)"
    " SELECT id, $2, $3, $4::text::jsonb, $5, $6 FROM enquiries WHERE id = $1 AND erased_at IS NULL"
    " ON CONFLICT (enquiry_id) DO UPDATE SET assessment_revision = EXCLUDED.assessment_revision,"
    " taxonomy_version = EXCLUDED.taxonomy_version, result = EXCLUDED.result, released_at = EXCLUDED.released_at,"
    " event_id = EXCLUDED.event_id WHERE released_results.assessment_revision < EXCLUDED.assessment_revision"
    " RETURNING true"
)


class PgResultStore:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def store_released_result(self, *, enquiry_id: uuid.UUID, assessment_revision: int, taxonomy_version: str,
                                    result: dict[str, Any], released_at: datetime, event_id: uuid.UUID) -> bool:
        kept = await self._conn.fetchval(_KEEP, enquiry_id, assessment_revision, taxonomy_version,
                                         json.dumps(result), released_at, event_id)
        return bool(kept)


async def released_result(conn: asyncpg.Connection, enquiry_id: uuid.UUID) -> dict[str, Any] | None:
    """The released result for the status page and API: the event's data plus revision, version and time."""
    row = await conn.fetchrow(
        "SELECT assessment_revision, taxonomy_version, result::text AS result, released_at FROM released_results"
        " WHERE enquiry_id = $1", enquiry_id)
    if row is None:
        return None
    return {**json.loads(row["result"]), "assessment_revision": row["assessment_revision"],
            "taxonomy_version": row["taxonomy_version"], "released_at": row["released_at"]}
