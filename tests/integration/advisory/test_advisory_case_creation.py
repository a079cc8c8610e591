"""The case comes from the first assessment, which carries the submission (ADR 14), against a real nats-server and
PostgreSQL: one write creates it with profile and scores, and the emails that overtook the assessment wait and land
on its timeline, in the order they happened; the case is created open, in one statement."""
from __future__ import annotations

import uuid

from shared.contracts import subjects
from shared.contracts.notification import MessageSentV1
from tests.support.waiting import eventually

from .workbench_support import Workbench, assessment_of, enquiry


async def test_an_acknowledgement_before_the_assessment_lands_on_the_new_cases_timeline(bench: Workbench) -> None:
    e = enquiry()
    assessment = assessment_of(e)  # submitted now, before the email below
    sent = MessageSentV1.model_validate({"message_id": str(uuid.uuid4()), "enquiry_id": str(e.enquiry_id),
                                         "template": "acknowledgement", "language": "de", "recipient_role": "company"})
    await bench.publish(subjects.MESSAGE_SENT, sent, correlation_id=e.reference)

    async def parked() -> int | None:
        n = await bench.pool.fetchval("SELECT count(*) FROM pending_timeline WHERE enquiry_id = $1", e.enquiry_id)
        return n or None
    assert await eventually(parked, timeout=30, what="the email's line waiting for its case") == 1
    assert await bench.pool.fetchval("SELECT count(*) FROM cases WHERE enquiry_id = $1", e.enquiry_id) == 0

    await bench.publish(subjects.ASSESSMENT_COMPLETED, assessment, correlation_id=e.reference)

    async def opened() -> dict | None:
        row = await bench.pool.fetchrow("SELECT * FROM cases WHERE enquiry_id = $1 AND status = 'open'", e.enquiry_id)
        return None if row is None else dict(row)
    case = await eventually(opened, timeout=30, what="the case opened from the assessment")
    assert (case["reference"], case["company_name"], case["assessment_revision"]) == (
        e.reference, e.profile.company.name, 1)
    assert case["contact"]["email"] == str(e.contact.email) and case["version"] == 1  # created open, one write
    assert case["submitted_at"] == assessment.submission.submitted_at  # type: ignore[union-attr]
    assert "submission" not in case["assessment"]
    assert await bench.timeline_kinds(case["id"]) == ["enquiry_submitted", "email_sent", "assessed", "case_opened"]
    assert await bench.pool.fetchval("SELECT count(*) FROM pending_timeline") == 0
    [opened] = await bench.outbox(subjects.CASE_OPENED)
    assert opened["payload"]["case_id"] == str(case["id"]) and opened["payload"]["priority"] == case["priority"]
    cohort = await bench.pool.fetchrow("SELECT sum(enquiries) AS enquiries, sum(cases) AS cases FROM lagebild_cohorts"
                                       " WHERE kreis = $1", case["kreis"])
    assert (cohort["enquiries"], cohort["cases"]) == (1, 1)  # the Lagebild counts it once, as opened


async def test_emails_and_assessments_racing_for_many_cases_leave_no_line_behind(bench: Workbench) -> None:
    """The email consumer and the assessment consumer run their batches at the same time; the per-enquiry lock makes
    each line land either on the case or in the waiting table the case's creation empties."""
    enquiries = [enquiry() for _ in range(30)]
    messages = []
    for i, e in enumerate(enquiries):
        sent = MessageSentV1.model_validate({"message_id": str(uuid.uuid4()), "enquiry_id": str(e.enquiry_id),
                                             "template": "acknowledgement", "language": "de",
                                             "recipient_role": "company"})
        pair = [(subjects.MESSAGE_SENT, sent), (subjects.ASSESSMENT_COMPLETED, assessment_of(e))]
        messages += pair if i % 2 else pair[::-1]
    for subject, payload in messages:
        await bench.publish(subject, payload, correlation_id=str(payload.enquiry_id))

    async def settled() -> list | None:
        rows = await bench.pool.fetch(
            "SELECT c.id, (SELECT count(*) FROM case_timeline t WHERE t.case_id = c.id AND t.kind = 'email_sent') AS n"
            " FROM cases c WHERE c.status = 'open'")
        return rows if len(rows) == len(enquiries) and all(r["n"] == 1 for r in rows) else None
    await eventually(settled, timeout=60, what="every case open with its email's line")
    assert await bench.pool.fetchval("SELECT count(*) FROM pending_timeline") == 0
