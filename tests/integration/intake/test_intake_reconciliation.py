"""Reconciliation sweep: an enquiry whose case never showed up is re-published with the same event id."""
from __future__ import annotations

import json

from services.intake.adapters.jetstream import BrokerRepublisher
from services.intake.adapters.reconciliation_store import UNCONFIRMED_SUBMISSION, PgReconciliationStore
from services.intake.adapters.unit_of_work import PgUnitOfWork
from services.intake.use_cases.reconcile import reconcile_overdue
from shared.messaging.housekeeping import purge_messaging_tables
from tests.integration.shared.helpers import jetstream, messages_on
from tests.support.test_data import unique_enquiry
from tests.support.waiting import eventually

from .conftest import Intake


async def reconcile_once(intake: Intake, *, older_than_s: float) -> int:
    """One pass of the reconciliation loop (entrypoints/background.py)."""
    return await reconcile_overdue(PgUnitOfWork(intake.pool, PgReconciliationStore),
                                   BrokerRepublisher(intake.app.state.runtime.broker), clock=intake.deps.clock,
                                   metrics=intake.deps.metrics, older_than_s=older_than_s)


async def _published(intake: Intake, reference: str) -> bool:
    async with intake.pool.acquire() as conn:
        return bool(await conn.fetchval(
            "SELECT published_at IS NOT NULL FROM outbox WHERE correlation_id = $1", reference))


async def test_unconfirmed_enquiry_is_republished_once_per_interval_with_the_same_event_id(intake: Intake) -> None:
    r = await intake.client.post("/api/v1/enquiries", json=unique_enquiry())
    assert r.status_code == 202
    reference = r.json()["reference"]
    await eventually(lambda: _published(intake, reference), what="submitted event relayed")

    assert await reconcile_once(intake, older_than_s=3600) == 0  # not overdue yet
    assert await reconcile_once(intake, older_than_s=0) == 1
    assert await reconcile_once(intake, older_than_s=3600) == 0  # just re-published: wait a whole interval

    async with jetstream(intake.settings.nats_url) as js:
        stored = [json.loads(body) for _, body in await messages_on(js, "intake.enquiry.submitted.v1")]
    ours = [e for e in stored if e["correlation_id"] == reference]
    assert len(ours) == 2 and ours[0]["event_id"] == ours[1]["event_id"]  # consumers' inboxes absorb the copy
    assert intake.deps.metrics.reconciliation_republished._value.get() == 1


async def test_confirmed_case_is_left_alone(intake: Intake) -> None:
    r = await intake.client.post("/api/v1/enquiries", json=unique_enquiry())
    reference = r.json()["reference"]
    await eventually(lambda: _published(intake, reference), what="submitted event relayed")
    async with intake.pool.acquire() as conn:
        await conn.execute("UPDATE enquiries SET case_opened_at = now() WHERE reference = $1", reference)
    assert await reconcile_once(intake, older_than_s=0) == 0


async def test_housekeeping_keeps_the_submission_of_an_unconfirmed_enquiry_however_old(intake: Intake) -> None:
    references = []
    for _ in range(2):
        r = await intake.client.post("/api/v1/enquiries", json=unique_enquiry())
        references.append(r.json()["reference"])
    waiting, confirmed = references
    for reference in references:
        await eventually(lambda reference=reference: _published(intake, reference), what="submitted event relayed")
    async with intake.pool.acquire() as conn:
        await conn.execute("UPDATE enquiries SET case_opened_at = now() WHERE reference = $1", confirmed)
        await conn.execute("UPDATE outbox SET published_at = now() - interval '40 days'"
                           " WHERE correlation_id = ANY($1::text[])", references)

    purged = await purge_messaging_tables(intake.pool, retention_s=15 * 24 * 3600, kept_while=UNCONFIRMED_SUBMISSION)

    assert purged.outbox == 1
    assert await _published(intake, waiting)  # still there for the next reconciliation pass
    assert await reconcile_once(intake, older_than_s=0) == 1
