"""advisory's reactions to events: build the case from the enquiry and its assessment."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.advisory import CaseOpenedV1
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1
from shared.contracts.vocab import regierungsbezirk
from shared.contracts.notification import MessageFailedV1, MessageSentV1
from shared.messaging.outbox import outbox_values

from .actions.claims import auto_assign_opened
from .actions.facts import CaseOpened, note
from .adapters import cases as repo
from .domain.case import PRIORITY_RANK, CaseStatus, priority_for, top_areas, uncleared_gates
from .domain.sla import SlaClock, next_escalation, resume_clock, start_clock

PRODUCER = "advisory"


async def when_enquiry_submitted_create_case(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    e: EnquirySubmittedV1 = envelope.payload
    row = await repo.upsert_from_enquiry(
        conn, enquiry_id=e.enquiry_id, reference=e.reference, correlation_id=envelope.correlation_id,
        company_name=e.profile.company.name, kreis=e.profile.company.kreis,
        sector=e.profile.company.sector_of_origin.value, language=e.contact.language.value,
        profile=e.profile.model_dump(mode="json"), contact=e.contact.model_dump(mode="json"),
        consents=e.consents.model_dump(mode="json"), status_if_new=CaseStatus.AWAITING_ASSESSMENT,
        regierungsbezirk=regierungsbezirk(e.profile.company.kreis), submitted_at=envelope.occurred_at,
    )
    await repo.add_timeline(conn, case_id=row["id"], kind="enquiry_submitted", event_id=envelope.event_id,
                            data={"reference": e.reference, "re_enquiry": e.is_re_enquiry}, at=envelope.occurred_at)
    await _open_when_complete(conn, row, envelope)


async def when_assessment_completed_attach(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    a: AssessmentCompletedV1 = envelope.payload
    assessment = a.model_dump(mode="json")
    open_gates = sum(1 for g in a.gates if g.status == "open")
    row = await repo.upsert_assessment(
        conn, enquiry_id=a.enquiry_id, correlation_id=envelope.correlation_id, assessment=assessment,
        revision=a.revision, band=a.band, readiness=a.readiness_percent, open_gates=open_gates,
        status_if_new=CaseStatus.AWAITING_ASSESSMENT, top_areas=top_areas(assessment["capability_fit"]),
    )
    if row is None:
        return  # an older revision arrived late; the newer one stays
    # Gates a lead cleared stay cleared when the re-assessment still finds them open.
    open_gates = len(uncleared_gates(assessment, row["gate_clearances"] or {}))
    if open_gates != row["open_gates"]:
        await repo.set_open_gates(conn, row["id"], open_gates)
    await repo.add_timeline(conn, case_id=row["id"], kind="assessed", event_id=envelope.event_id,
                            data={"revision": a.revision, "band": a.band, "readiness_percent": a.readiness_percent,
                                  "open_gates": open_gates}, at=envelope.occurred_at)
    await _open_when_complete(conn, row, envelope)


async def _open_when_complete(conn: asyncpg.Connection, row: asyncpg.Record, cause: Envelope[Any]) -> None:
    # Enquiry and assessment may arrive in either order; the case enters the queue when both are here.
    if row["company_name"] is None or not row["has_assessment"] or row["status"] != CaseStatus.AWAITING_ASSESSMENT:
        return
    priority = priority_for(row["band"], row["open_gates"] or 0)
    clock = start_clock(datetime.now(UTC), priority)
    event = CaseOpenedV1(case_id=row["id"], enquiry_id=row["enquiry_id"], priority=priority,
                         sla_due_at=clock.due_at)
    envelope = new_envelope(event, subject=subjects.CASE_OPENED, producer=PRODUCER,
                            correlation_id=row["correlation_id"], causation_id=cause.event_id)
    opened = await repo.open_case(conn, case_id=row["id"], priority=priority, priority_rank=PRIORITY_RANK[priority],
                                  sla_due_at=clock.due_at, sla_warn_at=clock.warn_at,
                                  timeline_data={"priority": priority, "sla_due_at": clock.due_at.isoformat()},
                                  opened_event=outbox_values(envelope, subjects.CASE_OPENED))
    if opened is None:
        return
    note(CaseOpened(assessment_s=opened["assessment_s"]))
    await auto_assign_opened(conn, case_id=row["id"], top_areas=row["top_areas"], language=row["language"])


async def when_enquiry_amended_resume(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    """The company answered a request for information: new profile, and the paused SLA clock runs again.
    The re-assessment of the amended profile arrives separately and updates the assessment."""
    e: EnquiryAmendedV1 = envelope.payload
    case = await conn.fetchrow("SELECT * FROM cases WHERE enquiry_id = $1 FOR NO KEY UPDATE", e.enquiry_id)
    if case is None or case["company_name"] is None:
        raise RuntimeError("amendment before the enquiry itself; retry later")  # nak: the enquiry is on its way
    await conn.execute(
        "UPDATE cases SET profile = $2, contact = $3, consents = $4, company_name = $5, kreis = $6,"
        " regierungsbezirk = $7, sector = $8, language = $9, updated_at = now(), version = version + 1"
        " WHERE id = $1", case["id"], e.profile.model_dump(mode="json"), e.contact.model_dump(mode="json"),
        e.consents.model_dump(mode="json"), e.profile.company.name, e.profile.company.kreis,
        regierungsbezirk(e.profile.company.kreis), e.profile.company.sector_of_origin.value, e.contact.language.value)
    await repo.add_timeline(conn, case_id=case["id"], kind="enquiry_amended", event_id=envelope.event_id,
                            data={"revision": e.revision}, at=envelope.occurred_at)
    if case["status"] == CaseStatus.WAITING_FOR_COMPANY and case["sla_paused_at"] is not None:
        await _resume_clock(conn, case)


async def _resume_clock(conn: asyncpg.Connection, case: asyncpg.Record) -> None:
    now = await conn.fetchval("SELECT now()")
    clock = resume_clock(SlaClock(due_at=case["sla_due_at"], warn_at=case["sla_warn_at"]),
                         paused_at=case["sla_paused_at"], resumed_at=now)
    fired = {r["level"] for r in await conn.fetch(
        "SELECT level FROM sla_escalations WHERE case_id = $1 AND period = $2", case["id"], case["sla_period"])}
    nxt = next_escalation(warn_at=clock.warn_at, due_at=clock.due_at, warned="warning" in fired,
                          breached="breach" in fired)
    await conn.execute(
        "UPDATE cases SET status = CASE WHEN assignee IS NULL THEN 'open' ELSE 'claimed' END, sla_paused_at = NULL,"
        " sla_due_at = $2, sla_warn_at = $3, escalation_next_at = $4, info_request = NULL WHERE id = $1",
        case["id"], clock.due_at, clock.warn_at, nxt)
    await repo.add_timeline(conn, case_id=case["id"], kind="sla_resumed", event_id=None,
                            data={"sla_due_at": clock.due_at.isoformat()})


async def when_message_sent_add_to_timeline(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    m: MessageSentV1 = envelope.payload
    await _timeline_for_enquiry(conn, m.enquiry_id, "email_sent", envelope,
                                {"template": m.template, "language": m.language, "recipient": m.recipient_role})


async def when_message_failed_add_to_timeline(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    m: MessageFailedV1 = envelope.payload
    await _timeline_for_enquiry(conn, m.enquiry_id, "email_failed", envelope,
                                {"template": m.template, "recipient": m.recipient_role, "permanent": m.permanent,
                                 "error": m.error})


async def _timeline_for_enquiry(conn: asyncpg.Connection, enquiry_id: Any, kind: str, envelope: Envelope[Any],
                                data: dict[str, Any]) -> None:
    if enquiry_id is None:
        return
    case_id = await repo.case_id_for_enquiry(conn, enquiry_id)
    if case_id is None:
        # The email can overtake the enquiry event; keep the fact and let the case pick it up when it exists.
        case_id = await repo.upsert_from_enquiry_placeholder(conn, enquiry_id=enquiry_id,
                                                             correlation_id=envelope.correlation_id)
    await repo.add_timeline(conn, case_id=case_id, kind=kind, event_id=envelope.event_id, data=data,
                            at=envelope.occurred_at)
