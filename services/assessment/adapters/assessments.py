"""SQL for stored assessments: the consumer-side store (AssessmentStore) and the read API's query."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg

from shared import gdpr
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope
from shared.messaging.outbox import PgOutbox, outbox_values, stage_for_each

from ..domain.gates import ClassifiedUpload


class PgAssessmentStore:
    """AssessmentStore on the connection of the caller's transaction."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self.outbox = PgOutbox(conn)

    async def hold_enquiry(self, enquiry_id: uuid.UUID) -> None:
        await self._conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))", str(enquiry_id))

    async def next_revision(self, enquiry_id: uuid.UUID) -> int:
        # The caller holds the enquiry (assess_and_announce does, first thing), so two amendments processed at once
        # cannot both take revision n; a second lock call here cost a statement per assessment.
        current = await self._conn.fetchval("SELECT max(revision) FROM assessments WHERE enquiry_id = $1",
                                            enquiry_id)
        return (current or 0) + 1

    async def store_assessment(self, assessment: AssessmentCompletedV1, *, correlation_id: str,
                               inputs: dict[str, Any], caused_by: uuid.UUID, announced: Envelope[Any],
                               subject: str) -> None:
        # The revision and its event in one statement: a round trip fewer on every assessment.
        a = assessment
        await self._conn.execute(
            "WITH stored AS (INSERT INTO assessments (id, enquiry_id, revision, correlation_id, taxonomy_version,"
            " partner_directory_version, funding_calls_version, band, readiness_percent, result, inputs, caused_by)"
            " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id)"
            f" {stage_for_each('stored', first_param=13)}",
            a.assessment_id, a.enquiry_id, a.revision, correlation_id, a.taxonomy_version,
            a.partner_directory_version, a.funding_calls_version, a.band, a.readiness_percent,
            a.model_dump(mode="json"), inputs, caused_by, *outbox_values(announced, subject),
        )

    async def record_classified_upload(self, *, enquiry_id: uuid.UUID, document_id: uuid.UUID,
                                       upload: ClassifiedUpload) -> bool:
        u = upload
        result = await self._conn.execute(
            "INSERT INTO classified_uploads (document_id, enquiry_id, name, mark, found_in, sha256)"
            " VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (document_id) DO NOTHING",
            document_id, enquiry_id, u.name, u.mark, u.found_in, u.sha256)
        return bool(result == "INSERT 0 1")

    async def classified_uploads(self, enquiry_id: uuid.UUID) -> list[ClassifiedUpload]:
        rows = await self._conn.fetch("SELECT name, mark, found_in, sha256 FROM classified_uploads"
                                      " WHERE enquiry_id = $1 ORDER BY recorded_at, document_id", enquiry_id)
        return [ClassifiedUpload(name=r["name"], mark=r["mark"], found_in=r["found_in"], sha256=r["sha256"])
                for r in rows]

    async def latest_inputs(self, enquiry_id: uuid.UUID) -> dict[str, Any] | None:
        inputs = await self._conn.fetchval(
            "SELECT inputs FROM assessments WHERE enquiry_id = $1 ORDER BY revision DESC LIMIT 1", enquiry_id)
        return dict(inputs) if inputs and inputs.get("profile") else None

    async def erase_inputs(self, enquiry_ids: list[uuid.UUID]) -> int:
        await self._conn.execute("UPDATE classified_uploads SET name = '[erased]' WHERE enquiry_id = ANY($1::uuid[])",
                                 enquiry_ids)
        result = await self._conn.execute(
            "UPDATE assessments SET inputs = '{}'::jsonb WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        return int(result.split()[-1])

    async def scrub_messaging_tables(self, references: list[str]) -> int:
        return await gdpr.scrub_messaging_tables(self._conn, references)


@dataclass(frozen=True)
class AssessmentHistory:
    """The newest revision's result and a summary of every revision, oldest first."""

    latest: dict[str, Any]
    revisions: list[dict[str, Any]]


async def assessment_history(pool: asyncpg.Pool, enquiry_id: uuid.UUID) -> AssessmentHistory | None:
    async with pool.acquire() as conn:
        latest = await conn.fetchrow(
            "SELECT * FROM assessments WHERE enquiry_id = $1 ORDER BY revision DESC LIMIT 1", enquiry_id)
        revisions = await conn.fetch(
            "SELECT id, revision, taxonomy_version, partner_directory_version, funding_calls_version, band,"
            " readiness_percent, created_at FROM assessments"
            " WHERE enquiry_id = $1 ORDER BY revision", enquiry_id,
        )
    if latest is None:
        return None
    return AssessmentHistory(latest=latest["result"], revisions=[dict(r) for r in revisions])
