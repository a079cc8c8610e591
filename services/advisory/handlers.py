"""advisory's reactions to events: build the case from the enquiry and its assessment."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.advisory import CaseOpenedV1
from shared.contracts.assessment import AssessmentCompletedV1
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import EnquirySubmittedV1
from shared.contracts.notification import MessageFailedV1, MessageSentV1
from shared.messaging.outbox import add_to_outbox

from .adapters import cases as repo
from .domain.case import CaseStatus, priority_for, sla_due

PRODUCER = "advisory"


async def when_enquiry_submitted_create_case(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    e: EnquirySubmittedV1 = envelope.payload
    row = await repo.upsert_from_enquiry(
        conn, enquiry_id=e.enquiry_id, reference=e.reference, correlation_id=envelope.correlation_id,
        company_name=e.profile.company.name, kreis=e.profile.company.kreis,
        sector=e.profile.company.sector_of_origin.value, language=e.contact.language.value,
        profile=e.profile.model_dump(mode="json"), contact=e.contact.model_dump(mode="json"),
        consents=e.consents.model_dump(mode="json"), status_if_new=CaseStatus.AWAITING_ASSESSMENT,
    )
    await repo.add_timeline(conn, case_id=row["id"], kind="enquiry_submitted", event_id=envelope.event_id,
                            data={"reference": e.reference, "re_enquiry": e.is_re_enquiry}, at=envelope.occurred_at)
    await _open_when_complete(conn, row, envelope)


async def when_assessment_completed_attach(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
    a: AssessmentCompletedV1 = envelope.payload
    open_gates = sum(1 for g in a.gates if g.status == "open")
    row = await repo.upsert_assessment(
        conn, enquiry_id=a.enquiry_id, correlation_id=envelope.correlation_id, assessment=a.model_dump(mode="json"),
        revision=a.revision, band=a.band, readiness=a.readiness_percent, open_gates=open_gates,
        status_if_new=CaseStatus.AWAITING_ASSESSMENT,
    )
    if row is None:
        return  # an older revision arrived late; the newer one stays
    await repo.add_timeline(conn, case_id=row["id"], kind="assessed", event_id=envelope.event_id,
                            data={"revision": a.revision, "band": a.band, "readiness_percent": a.readiness_percent,
                                  "open_gates": open_gates}, at=envelope.occurred_at)
    await _open_when_complete(conn, row, envelope)


async def _open_when_complete(conn: asyncpg.Connection, row: asyncpg.Record, cause: Envelope[Any]) -> None:
    # Enquiry and assessment may arrive in either order; the case enters the queue when both are here.
    if row["company_name"] is None or row["assessment"] is None or row["status"] != CaseStatus.AWAITING_ASSESSMENT:
        return
    priority = priority_for(row["band"], row["open_gates"] or 0)
    due = sla_due(datetime.now(UTC), priority)
    if not await repo.open_case(conn, case_id=row["id"], priority=priority, sla_due_at=due):
        return
    await repo.add_timeline(conn, case_id=row["id"], kind="case_opened", event_id=None,
                            data={"priority": priority, "sla_due_at": due.isoformat()})
    event = CaseOpenedV1(case_id=row["id"], enquiry_id=row["enquiry_id"], priority=priority, sla_due_at=due)
    await add_to_outbox(conn, new_envelope(event, subject=subjects.CASE_OPENED, producer=PRODUCER,
                                           correlation_id=row["correlation_id"], causation_id=cause.event_id),
                        subjects.CASE_OPENED)


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
