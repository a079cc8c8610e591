"""ErasureStore over PostgreSQL: what intake removes, and the bookkeeping of erasure requests."""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import asyncpg

from shared.gdpr import scrub_messaging_tables
from shared.messaging.outbox import Outbox, PgOutbox

from ..use_cases.ports import AnsweredErasure, ErasableEnquiry
from .draft_store import erase_drafts_of

ERASED = "[erased]"


def _erasable(rows: list[asyncpg.Record]) -> list[ErasableEnquiry]:
    return [ErasableEnquiry(id=r["id"], reference=r["reference"], company_id=r["company_id"]) for r in rows]


class PgErasureStore:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self.outbox: Outbox = PgOutbox(conn)

    async def company_enquiries(self, reference: str) -> list[ErasableEnquiry]:
        return _erasable(await self._conn.fetch(
            "SELECT e.id, e.reference, e.company_id FROM enquiries e WHERE e.company_id ="
            " (SELECT company_id FROM enquiries WHERE reference = $1) AND e.erased_at IS NULL",
            reference,
        ))

    async def retention_due(self, *, closed_before: datetime, limit: int) -> list[ErasableEnquiry]:
        return _erasable(await self._conn.fetch(
            "SELECT id, reference, company_id FROM enquiries WHERE erased_at IS NULL AND status = 'closed'"
            " AND updated_at < $1 ORDER BY updated_at LIMIT $2",
            closed_before, limit,
        ))

    async def erase_personal_data(self, enquiries: Sequence[ErasableEnquiry]) -> None:
        enquiry_ids = [e.id for e in enquiries]
        # Drafts of the guided form (saved under the company's addresses, or submitted as these enquiries) go too,
        # with their documents: read the addresses before the contacts are blanked.
        emails = await self._conn.fetch(
            "SELECT DISTINCT contact->>'email' AS email FROM enquiries WHERE id = ANY($1::uuid[])"
            " AND contact ? 'email'", enquiry_ids)
        await erase_drafts_of(self._conn, emails=[r["email"] for r in emails], enquiry_ids=enquiry_ids)
        await self._conn.execute(
            "UPDATE enquiries SET profile = '{}'::jsonb, contact = '{}'::jsonb, open_question = NULL,"
            " erased_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])", enquiry_ids)
        await self._conn.execute("DELETE FROM enquiry_revisions WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        await self._conn.execute("DELETE FROM idempotency_keys WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        # Documents go with the enquiry; of a refused upload only the hash and the mark stay (G6 evidence).
        await self._conn.execute("DELETE FROM documents WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        await self._conn.execute("DELETE FROM released_results WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        await self._conn.execute("UPDATE refused_documents SET name = $2 WHERE enquiry_id = ANY($1::uuid[])",
                                 enquiry_ids, ERASED)
        await self._conn.execute(
            "UPDATE companies SET name = $2, register_number = NULL, vat_id = NULL, web_domain = NULL,"
            " updated_at = now() WHERE id = ANY($1::uuid[])", list({e.company_id for e in enquiries}), ERASED)
        await scrub_messaging_tables(self._conn, [e.reference for e in enquiries])

    async def record_erasure_request(self, *, request_id: uuid.UUID, references: list[str],
                                     reference_hashes: list[str], reason: str) -> None:
        await self._conn.execute(
            "INSERT INTO erasure_requests (id, reference_hashes, pending_references, enquiry_count, reason)"
            " VALUES ($1,$2,$3,$4,$5)", request_id, reference_hashes, references, len(references), reason)

    async def record_service_done(self, request_id: uuid.UUID, service: str) -> None:
        await self._conn.execute(
            "UPDATE erasure_requests SET services_done = array(SELECT DISTINCT unnest(services_done || $2::text))"
            " WHERE id = $1", request_id, service)

    async def answered_erasures(self, services: Sequence[str]) -> list[AnsweredErasure]:
        rows = await self._conn.fetch(
            "SELECT id, pending_references FROM erasure_requests WHERE stream_scrubbed_at IS NULL"
            " AND services_done @> $1::text[]", list(services))
        return [AnsweredErasure(request_id=r["id"], pending_references=list(r["pending_references"])) for r in rows]

    async def mark_erasure_complete(self, request_id: uuid.UUID) -> None:
        await self._conn.execute("UPDATE erasure_requests SET stream_scrubbed_at = now(), completed_at = now(),"
                                 " pending_references = '{}' WHERE id = $1", request_id)
