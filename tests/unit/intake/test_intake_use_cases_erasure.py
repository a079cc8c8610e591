"""intake's erasure, retention and reconciliation use cases with in-memory fakes and a frozen clock."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from prometheus_client import CollectorRegistry

from services.intake.domain.erasure import reference_hash
from services.intake.domain.status import EnquiryStatus
from services.intake.domain.submission import EnquirySubmission
from services.intake.metrics import IntakeMetrics
from services.intake.use_cases.erase import (
    DOWNSTREAM,
    apply_retention,
    finish_erasures,
    request_erasure,
    when_erasure_completed_record,
)
from services.intake.use_cases.reconcile import reconcile_overdue
from services.intake.use_cases.submit import Accepted, submit_enquiry
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.gdpr import ErasureCompletedV1
from tests.support.test_data import unique_enquiry

from .fakes import FakeEventStream, FakeIntakeStore, FakeRepublisher, FakeUnitOfWork, FrozenClock


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def store(clock: FrozenClock) -> FakeIntakeStore:
    return FakeIntakeStore(clock)


async def submit(store: FakeIntakeStore, **company: object) -> Accepted:
    return await submit_enquiry(FakeUnitOfWork(store), EnquirySubmission.model_validate(unique_enquiry(**company)),
                                idempotency_key=None, source="api", clock=store.clock,
                                status_url=lambda eid: f"http://intake.test/status/{eid}")


async def test_an_erasure_request_erases_the_whole_company_and_announces_it(store: FakeIntakeStore,
                                                                            clock: FrozenClock) -> None:
    first = await submit(store, vat_id="DE813990114")
    second = await submit(store, vat_id="DE813990114")  # the same company writes again
    stranger = await submit(store)
    request_id = await request_erasure(FakeUnitOfWork(store), second.reference, clock=clock)
    assert request_id is not None
    for accepted in (first, second):
        erased = store.enquiries[accepted.enquiry_id]
        assert erased.contact == {} and erased.profile == {} and erased.erased_at == clock.now()
    assert store.enquiries[stranger.enquiry_id].erased_at is None
    request = store.erasure_requests[request_id]
    assert request.reason == "request" and request.reference_hashes == [reference_hash(first.reference),
                                                                         reference_hash(second.reference)]
    # Their submitted events are gone from the outbox; the announcement carries ids and references only.
    assert store.outbox.subjects == [subjects.ENQUIRY_SUBMITTED, subjects.ERASURE_REQUESTED]
    announced = store.outbox.only(subjects.ERASURE_REQUESTED)
    assert announced.payload.references == [first.reference, second.reference]
    assert announced.payload.enquiry_ids == [first.enquiry_id, second.enquiry_id]
    assert announced.envelope.correlation_id == f"erasure-{request_id}"


async def test_an_erasure_request_for_an_unknown_reference_changes_nothing(store: FakeIntakeStore,
                                                                          clock: FrozenClock) -> None:
    await submit(store)
    assert await request_erasure(FakeUnitOfWork(store), "DN-2026-ZZZZZZ", clock=clock) is None
    assert store.erasure_requests == {} and store.outbox.subjects == [subjects.ENQUIRY_SUBMITTED]


async def test_retention_erases_closed_enquiries_once_the_period_is_over(store: FakeIntakeStore,
                                                                        clock: FrozenClock) -> None:
    old, fresh, open_ = await submit(store), await submit(store), await submit(store)
    store.enquiries[old.enquiry_id].status = EnquiryStatus.CLOSED
    clock.advance(timedelta(days=731))
    store.enquiries[fresh.enquiry_id].status = EnquiryStatus.CLOSED
    store.enquiries[fresh.enquiry_id].updated_at = clock.now()
    uow = FakeUnitOfWork(store)
    assert await apply_retention(uow, clock=clock, retention_days=730) == 1
    assert await apply_retention(uow, clock=clock, retention_days=730) == 0
    assert store.enquiries[old.enquiry_id].erased_at == clock.now()
    assert store.enquiries[fresh.enquiry_id].erased_at is None and store.enquiries[open_.enquiry_id].erased_at is None
    (request,) = store.erasure_requests.values()
    assert request.reason == "retention" and request.pending_references == [old.reference]
    assert store.outbox.only(subjects.ERASURE_REQUESTED).payload.references == [old.reference]


async def test_the_stream_is_scrubbed_once_every_service_answered(store: FakeIntakeStore,
                                                                 clock: FrozenClock) -> None:
    accepted = await submit(store)
    request_id = await request_erasure(FakeUnitOfWork(store), accepted.reference, clock=clock)
    assert request_id is not None
    stream = FakeEventStream(events_by_reference={accepted.reference: 3})
    uow = FakeUnitOfWork(store)
    for service in DOWNSTREAM:
        assert await finish_erasures(uow, stream) == 0, "not before every service answered"
        done = ErasureCompletedV1(request_id=request_id, service=service, items_erased=1)
        await when_erasure_completed_record(new_envelope(done, subject=subjects.ERASURE_COMPLETED[service],
                                                         producer=service, correlation_id="x"), store)
    assert store.erasure_requests[request_id].services_done == set(DOWNSTREAM)
    assert await finish_erasures(uow, stream) == 1
    assert stream.deleted == [{accepted.reference}] and stream.events_by_reference == {}
    request = store.erasure_requests[request_id]
    assert request.completed and request.pending_references == []
    assert await finish_erasures(uow, stream) == 0 and stream.sessions == 1


async def test_an_answer_to_an_unknown_erasure_request_is_ignored(store: FakeIntakeStore) -> None:
    done = ErasureCompletedV1(request_id=uuid.uuid4(), service="advisory", items_erased=0)
    await when_erasure_completed_record(new_envelope(done, subject=subjects.ADVISORY_ERASURE_COMPLETED,
                                                     producer="advisory", correlation_id="x"), store)
    assert store.erasure_requests == {}


async def test_an_unconfirmed_enquiry_is_republished_once_per_interval_with_its_event_id(
        store: FakeIntakeStore, clock: FrozenClock) -> None:
    accepted = await submit(store)
    confirmed = await submit(store)
    store.enquiries[confirmed.enquiry_id].case_opened_at = clock.now()
    metrics = IntakeMetrics.on(CollectorRegistry())
    publisher = FakeRepublisher()

    async def reconcile() -> int:
        return await reconcile_overdue(FakeUnitOfWork(store), publisher, clock=clock, metrics=metrics,
                                       older_than_s=600)

    assert await reconcile() == 0, "not overdue yet"
    clock.advance(timedelta(seconds=601))
    assert await reconcile() == 1
    assert await reconcile() == 0, "just re-published: wait a whole interval"
    clock.advance(timedelta(seconds=601))
    assert await reconcile() == 1
    event_id = next(s.envelope.event_id for s in store.outbox.staged if s.envelope.correlation_id == accepted.reference)
    assert [p["msg_id"] for p in publisher.published] == [f"{event_id}:reconcile:1", f"{event_id}:reconcile:2"]
    assert {p["envelope"]["event_id"] for p in publisher.published} == {str(event_id)}
    assert {p["correlation_id"] for p in publisher.published} == {accepted.reference}
    assert store.enquiries[accepted.enquiry_id].reconciled_count == 2
    assert store.enquiries[confirmed.enquiry_id].reconciled_count == 0
    assert metrics.reconciliation_republished._value.get() == 2
