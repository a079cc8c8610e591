"""SQL for cases as the events build them, and for their timeline."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import asyncpg

from shared.gdpr import scrub_messaging_tables
from shared.messaging.outbox import outbox_values, stage_for_each

from ..use_cases.ports import AssessmentPart, Case, Elapsed, EnquiryPart, Opening, Row, TimelineLine

# What the consumers need to decide whether a case can open. Not `*`: profile and assessment are large JSON
# documents that these decisions never read, and decoding them on every event cost the consumers much CPU.
OPENING_COLUMNS = (
    "id, enquiry_id, correlation_id, status, company_name, band, open_gates, gate_clearances, top_areas, language,"
    " assessment IS NOT NULL AS has_assessment, reassess_on, reassess_set_by, reassess_reminded_for"
)

_ENQUIRY_COLUMNS = ("reference", "company_name", "kreis", "sector", "language", "profile", "contact", "consents",
                    "regierungsbezirk", "submitted_at")
_FILL_ENQUIRY = ", ".join(f"{c} = CASE WHEN cases.profile IS NULL THEN EXCLUDED.{c} ELSE cases.{c} END"
                          for c in _ENQUIRY_COLUMNS)
_NEWER = "(cases.assessment_revision IS NULL OR cases.assessment_revision < EXCLUDED.assessment_revision)"
_ATTACH_IF_NEWER = ", ".join([
    *(f"{c} = CASE WHEN {_NEWER} THEN EXCLUDED.{c} ELSE cases.{c} END"
      for c in ("assessment", "assessment_revision", "open_gates", "top_areas")),
    f"band = CASE WHEN {_NEWER} THEN coalesce(cases.overrides->'band'->>'value', EXCLUDED.band) ELSE cases.band END",
    f"readiness = CASE WHEN {_NEWER} THEN coalesce((cases.overrides->'readiness'->>'value')::double precision,"
    " EXCLUDED.readiness) ELSE cases.readiness END",
])


class PgCaseRows:
    _conn: asyncpg.Connection

    async def upsert_submitted_assessment(self, *, case_id: uuid.UUID, enquiry: EnquiryPart,
                                          assessment: AssessmentPart, submitted: TimelineLine,
                                          assessed: TimelineLine, opening: Opening,
                                          reassessment: tuple[date | None, str | None, date | None]) -> Case:
        # One write where there were three (ADR 14): every write of a case updates its ~20 queue indexes and the
        # Lagebild's and search's triggers. A new row is inserted open, with its timeline and `case.opened` in the
        # same statement (their foreign-key checks run at its end, when the case row is there). On conflict (a row
        # an earlier event made) the submission fills in only what is missing and the scores only a row without a
        # newer revision; overrides outlive them; the caller opens it.
        e, a, o = enquiry, assessment, opening
        row = await self._conn.fetchrow(
            "WITH c AS (INSERT INTO cases (id, enquiry_id, reference, correlation_id, status, company_name, kreis,"
            "  sector, language, profile, contact, consents, regierungsbezirk, submitted_at, assessment,"
            "  assessment_revision, band, readiness, open_gates, top_areas, priority, priority_rank, sla_due_at,"
            "  sla_warn_at, escalation_next_at, opened_at, reassess_on, reassess_set_by, reassess_reminded_for)"
            "  VALUES ($1,$2,$3,$4,'open',$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,"
            "   $23, now(), $24, $25, $26)"
            f"  ON CONFLICT (enquiry_id) DO UPDATE SET {_FILL_ENQUIRY}, {_ATTACH_IF_NEWER},"
            "  updated_at = now(), version = cases.version + 1"
            f"  RETURNING {OPENING_COLUMNS}, assessment_revision, id = $1 AS created,"
            "   extract(epoch FROM opened_at - submitted_at)::float8 AS assessment_s),"
            " moved AS (DELETE FROM pending_timeline WHERE enquiry_id = $2 RETURNING kind, event_id, data, at),"
            " t AS (INSERT INTO case_timeline (case_id, kind, event_id, data, at)"
            "  SELECT c.id, 'enquiry_submitted', $27::uuid, $28::jsonb, $29::timestamptz FROM c"
            "  UNION ALL SELECT c.id, m.kind, m.event_id, m.data, m.at FROM c, moved m"
            "  UNION ALL SELECT c.id, 'assessed', $30::uuid, $31::jsonb, $32::timestamptz FROM c WHERE c.created"
            "  UNION ALL SELECT c.id, 'case_opened', NULL, $33::jsonb, now() FROM c WHERE c.created),"
            f" o AS ({stage_for_each('c WHERE c.created', first_param=34)})"
            " SELECT * FROM c",
            case_id, e.enquiry_id, e.reference, e.correlation_id, e.company_name, e.kreis, e.sector, e.language,
            e.profile, e.contact, e.consents, e.regierungsbezirk, e.submitted_at, a.assessment, a.revision, a.band,
            a.readiness, a.open_gates, a.top_areas, o.priority, o.priority_rank, o.sla_due_at, o.sla_warn_at,
            *reassessment, submitted.event_id, submitted.data, submitted.at, assessed.event_id, assessed.data,
            assessed.at, o.timeline_data, *outbox_values(o.event, o.subject),
        )
        return dict(row)

    async def upsert_assessment(self, *, enquiry_id: uuid.UUID, correlation_id: str, assessment: Row, revision: int,
                                band: str, readiness: float, open_gates: int, status_if_new: str,
                                top_areas: list[str]) -> Case | None:
        # An advisor's override of band or readiness outlives re-assessments.
        row = await self._conn.fetchrow(
            "INSERT INTO cases (id, enquiry_id, correlation_id, status, assessment, assessment_revision, band,"
            " readiness, open_gates, top_areas) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"
            " ON CONFLICT (enquiry_id) DO UPDATE SET assessment = EXCLUDED.assessment,"
            " assessment_revision = EXCLUDED.assessment_revision,"
            " band = coalesce(cases.overrides->'band'->>'value', EXCLUDED.band),"
            " readiness = coalesce((cases.overrides->'readiness'->>'value')::double precision, EXCLUDED.readiness),"
            " open_gates = EXCLUDED.open_gates, top_areas = EXCLUDED.top_areas, updated_at = now(),"
            " version = cases.version + 1"
            " WHERE cases.assessment_revision IS NULL OR cases.assessment_revision < EXCLUDED.assessment_revision"
            f" RETURNING {OPENING_COLUMNS}",
            uuid.uuid4(), enquiry_id, correlation_id, status_if_new, assessment, revision, band, readiness,
            open_gates, top_areas or [],
        )
        return None if row is None else dict(row)

    async def set_open_gates(self, case_id: uuid.UUID, open_gates: int) -> None:
        await self._conn.execute("UPDATE cases SET open_gates = $2 WHERE id = $1", case_id, open_gates)

    async def open_case(self, *, case_id: uuid.UUID, opening: Opening) -> Elapsed | None:
        # One statement (status, timeline entry, event staged only if it opened): the case path waits for every
        # round trip. The SLA timers are stored so they survive restarts.
        row = await self._conn.fetchrow(
            "WITH opened AS (UPDATE cases SET status = 'open', priority = $2, priority_rank = $3, sla_due_at = $4,"
            "   sla_warn_at = $5, escalation_next_at = $5, opened_at = now(), updated_at = now(),"
            "   version = version + 1 WHERE id = $1 AND status = 'awaiting_assessment'"
            "   RETURNING id, extract(epoch FROM opened_at - submitted_at)::float8 AS assessment_s),"
            " t AS (INSERT INTO case_timeline (case_id, kind, data) SELECT id, 'case_opened', $6 FROM opened),"
            f" o AS ({stage_for_each('opened', first_param=7)})"
            " SELECT assessment_s FROM opened",
            case_id, opening.priority, opening.priority_rank, opening.sla_due_at, opening.sla_warn_at,
            opening.timeline_data, *outbox_values(opening.event, opening.subject),
        )
        return None if row is None else Elapsed(row["assessment_s"])

    async def lock_case_of_enquiry(self, enquiry_id: uuid.UUID) -> Case | None:
        row = await self._conn.fetchrow("SELECT * FROM cases WHERE enquiry_id = $1 FOR NO KEY UPDATE", enquiry_id)
        return None if row is None else dict(row)

    async def update_profile(self, case_id: uuid.UUID, *, profile: Row, contact: Row, consents: Row,
                             company_name: str, kreis: str, regierungsbezirk: str | None, sector: str,
                             language: str) -> None:
        await self._conn.execute(
            "UPDATE cases SET profile = $2, contact = $3, consents = $4, company_name = $5, kreis = $6,"
            " regierungsbezirk = $7, sector = $8, language = $9, updated_at = now(), version = version + 1"
            " WHERE id = $1", case_id, profile, contact, consents, company_name, kreis, regierungsbezirk, sector,
            language)

    async def resume_sla(self, case_id: uuid.UUID, *, due_at: datetime, warn_at: datetime,
                         escalation_next_at: datetime | None) -> None:
        await self._conn.execute(
            "UPDATE cases SET status = CASE WHEN assignee IS NULL THEN 'open' ELSE 'claimed' END,"
            " sla_paused_at = NULL, sla_due_at = $2, sla_warn_at = $3, escalation_next_at = $4, info_request = NULL"
            " WHERE id = $1", case_id, due_at, warn_at, escalation_next_at)

    async def hold_enquiry(self, enquiry_id: uuid.UUID) -> None:
        # Transaction-scoped: the case's creation and a line that finds no case take turns, so a line is either
        # on the case or waiting where the creation moves it from, never left behind.
        await self._conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 2))", str(enquiry_id))

    async def add_timeline_for_enquiry(self, *, enquiry_id: uuid.UUID, kind: str, event_id: uuid.UUID,
                                       data: Row, at: datetime) -> None:
        await self._conn.execute(
            "WITH c AS (SELECT id FROM cases WHERE enquiry_id = $1),"
            " t AS (INSERT INTO case_timeline (case_id, kind, event_id, data, at) SELECT id, $2, $3, $4, $5 FROM c)"
            " INSERT INTO pending_timeline (enquiry_id, kind, event_id, data, at)"
            " SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM c)",
            enquiry_id, kind, event_id, data, at)

    async def add_timeline(self, *, case_id: uuid.UUID, kind: str, event_id: uuid.UUID | None,
                           actor: str | None = None, data: Row | None = None, at: datetime | None = None) -> None:
        # An entry a person caused (its data names the actor) is a decision: the audit log gets it in the same
        # statement, with the kind only (notes and reasons are free text that erasure must be able to remove).
        await self._conn.execute(
            "WITH t AS (INSERT INTO case_timeline (case_id, kind, event_id, actor, data, at) VALUES ($1,$2,$3,$4,$5,"
            " coalesce($6, now())) RETURNING case_id, kind, actor, data, at)"
            " INSERT INTO audit_log (at, kind, actor_id, actor, case_id, detail)"
            " SELECT at, 'decision', (data ->> 'actor_id')::uuid, actor, case_id, jsonb_build_object('what', kind)"
            " FROM t WHERE actor IS NOT NULL AND data ? 'actor_id'",
            case_id, kind, event_id, actor, data or {}, at,
        )

    async def erase_personal_data(self, enquiry_ids: list[uuid.UUID]) -> int:
        result = await self._conn.execute(
            "UPDATE cases SET company_name = '[erased]', profile = '{}'::jsonb, contact = '{}'::jsonb,"
            " info_request = NULL, overrides = '{}'::jsonb, gate_clearances = '{}'::jsonb, updated_at = now(),"
            " reassess_on = NULL, reassess_set_by = NULL"
            " WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        await self._conn.execute(
            "INSERT INTO audit_log (at, kind, actor, case_id, detail) SELECT now(), 'erasure', 'GDPR erasure request',"
            " id, '{}'::jsonb FROM cases WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        # Notes, questions and reasons are free text that may name people: keep only kind and time.
        await self._conn.execute(
            "UPDATE case_timeline SET data = '{\"erased\": true}'::jsonb"
            " WHERE case_id IN (SELECT id FROM cases WHERE enquiry_id = ANY($1::uuid[]))", enquiry_ids)
        await self._conn.execute(
            "UPDATE introductions SET reason = '', outcomes = '[]'::jsonb"
            " WHERE case_id IN (SELECT id FROM cases WHERE enquiry_id = ANY($1::uuid[]))", enquiry_ids)
        # Document names are the company's words; the files themselves live (and are erased) in intake.
        await self._conn.execute("DELETE FROM case_documents WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        await self._conn.execute("DELETE FROM pending_timeline WHERE enquiry_id = ANY($1::uuid[])", enquiry_ids)
        return int(result.split()[-1])

    async def scrub_messaging(self, references: list[str]) -> int:
        return await scrub_messaging_tables(self._conn, references)
