"""Advisory events move the company's status through real NATS; late older events never move it back."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel

from shared.contracts import subjects
from shared.contracts.advisory import (
    CaseClaimedV1,
    CaseClosedV1,
    CaseReopenedV1,
    InformationRequestedV1,
    IntroducedPartner,
    IntroductionApprovedV1,
)
from shared.contracts.envelope import new_envelope
from tests.integration.shared.helpers import jetstream
from tests.support.test_data import unique_enquiry
from tests.support.waiting import eventually

from .conftest import Intake


def decision_time() -> datetime:
    """A moment after the submission that was just made, so decisions count (taken per test, not at import)."""
    return datetime.now(UTC) + timedelta(minutes=1)


async def submitted(intake: Intake) -> uuid.UUID:
    r = await intake.client.post("/api/v1/enquiries", json=unique_enquiry())
    assert r.status_code == 202, r.text
    return uuid.UUID(r.json()["enquiry_id"])


async def publish(intake: Intake, subject: str, payload: BaseModel, *, at: datetime) -> uuid.UUID:
    envelope = new_envelope(payload, subject=subject, producer="advisory", correlation_id="DN-TEST")
    envelope = envelope.model_copy(update={"occurred_at": at})
    async with jetstream(intake.settings.nats_url) as js:
        await js.publish(subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.event_id)})
    return envelope.event_id


async def handled(intake: Intake, event_id: uuid.UUID) -> bool:
    async with intake.pool.acquire() as conn:
        return bool(await conn.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", event_id))


async def status_of(intake: Intake, enquiry_id: uuid.UUID) -> dict:
    async with intake.pool.acquire() as conn:
        return dict(await conn.fetchrow(
            "SELECT status, open_question, respond_by FROM enquiries WHERE id = $1", enquiry_id))


async def publish_and_wait(intake: Intake, subject: str, payload: BaseModel, *, at: datetime) -> None:
    event_id = await publish(intake, subject, payload, at=at)
    await eventually(lambda: handled(intake, event_id), timeout=15, what=f"{subject} handled")


def case_ids(enquiry_id: uuid.UUID) -> dict:
    return {"case_id": uuid.uuid4(), "enquiry_id": enquiry_id}


async def test_each_advisory_event_moves_the_status_and_the_question_is_kept(intake: Intake) -> None:
    eid = await submitted(intake)
    ids = case_ids(eid)
    T0 = decision_time()
    await publish_and_wait(intake, subjects.CASE_CLAIMED, CaseClaimedV1(**ids, assignee_id=uuid.uuid4()), at=T0)
    assert (await status_of(intake, eid))["status"] == "with_advisor"
    ask = InformationRequestedV1(**ids, request_id=uuid.uuid4(), question="Welche Losgrößen?",
                                 respond_by=date(2027, 1, 15))
    await publish_and_wait(intake, subjects.INFO_REQUESTED, ask, at=T0 + timedelta(seconds=1))
    assert await status_of(intake, eid) == {"status": "waiting_for_you", "open_question": "Welche Losgrößen?",
                                            "respond_by": date(2027, 1, 15)}
    partner = IntroducedPartner(introduction_id=uuid.uuid4(), partner_id="defence-nrw", partner_name="DEFENCE.NRW",
                                accept_url="http://a", decline_url="http://d")
    await publish_and_wait(intake, subjects.INTRODUCTION_APPROVED,
                           IntroductionApprovedV1(**ids, partners=[partner]), at=T0 + timedelta(seconds=2))
    assert (await status_of(intake, eid))["status"] == "introduced"
    await publish_and_wait(intake, subjects.CASE_CLOSED, CaseClosedV1(**ids, reason_code="introduced"),
                           at=T0 + timedelta(seconds=3))
    assert (await status_of(intake, eid))["status"] == "closed"
    await publish_and_wait(intake, subjects.CASE_REOPENED, CaseReopenedV1(**ids), at=T0 + timedelta(seconds=4))
    assert (await status_of(intake, eid))["status"] == "with_advisor"


async def test_late_older_events_do_not_move_the_status_backwards(intake: Intake) -> None:
    eid = await submitted(intake)
    ids = case_ids(eid)
    T0 = decision_time()
    # Reopened (newer) arrives before closed (older): the case stays reopened.
    await publish_and_wait(intake, subjects.CASE_REOPENED, CaseReopenedV1(**ids), at=T0 + timedelta(seconds=10))
    await publish_and_wait(intake, subjects.CASE_CLOSED, CaseClosedV1(**ids, reason_code="other"),
                           at=T0 + timedelta(seconds=5))
    assert (await status_of(intake, eid))["status"] == "with_advisor"
    # A question, then a claim that happened before it arrives late: still waiting for the company.
    ask = InformationRequestedV1(**ids, request_id=uuid.uuid4(), question="Q?", respond_by=date(2027, 2, 1))
    await publish_and_wait(intake, subjects.INFO_REQUESTED, ask, at=T0 + timedelta(seconds=20))
    await publish_and_wait(intake, subjects.CASE_CLAIMED, CaseClaimedV1(**ids, assignee_id=uuid.uuid4()),
                           at=T0 + timedelta(seconds=1))
    assert (await status_of(intake, eid))["status"] == "waiting_for_you"
    # An older question arriving after the newer close is ignored, question and all.
    await publish_and_wait(intake, subjects.CASE_CLOSED, CaseClosedV1(**ids, reason_code="no_response"),
                           at=T0 + timedelta(seconds=30))
    old = InformationRequestedV1(**ids, request_id=uuid.uuid4(), question="old", respond_by=date(2027, 1, 1))
    await publish_and_wait(intake, subjects.INFO_REQUESTED, old, at=T0 + timedelta(seconds=25))
    state = await status_of(intake, eid)
    assert state["status"] == "closed" and state["open_question"] == "Q?"
