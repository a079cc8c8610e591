"""assessment's use cases on the in-memory store (fakes.py): what is stored, what is staged, what is counted."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.assessment.metrics import AssessmentMetrics
from services.assessment.use_cases.assess import when_enquiry_amended_reassess, when_enquiry_submitted_assess
from services.assessment.use_cases.erase import when_erasure_requested_erase
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.gdpr import ErasureRequestedV1
from shared.contracts.intake import EnquiryAmendedV1, EnquirySubmittedV1
from tests.support.test_data import enquiry_amended, enquiry_submitted
from tests.unit.assessment.fakes import FakeAssessmentStore

pytestmark = pytest.mark.unit


def counted(metrics: AssessmentMetrics) -> dict[str, float]:
    return {band: metrics.assessments.labels(band)._value.get() for band in "ABC"}


def submitted_envelope(event: EnquirySubmittedV1) -> Envelope[EnquirySubmittedV1]:
    return new_envelope(event, subject=subjects.ENQUIRY_SUBMITTED, producer="intake", correlation_id=event.reference)


def amended_envelope(event: EnquiryAmendedV1) -> Envelope[EnquiryAmendedV1]:
    return new_envelope(event, subject=subjects.ENQUIRY_AMENDED, producer="intake", correlation_id=event.reference)


async def test_a_submitted_enquiry_is_stored_as_revision_one_and_announced(reference_data, metrics) -> None:
    store, clock, event = FakeAssessmentStore(), FrozenClock(), enquiry_submitted()
    envelope = submitted_envelope(event)

    await when_enquiry_submitted_assess(envelope, store, reference_data=reference_data, clock=clock, metrics=metrics)

    [row] = store.revisions_of(event.enquiry_id)
    assert row.assessment.revision == 1 and row.correlation_id == event.reference
    assert row.caused_by == envelope.event_id
    assert row.inputs == {"profile": event.profile.model_dump(mode="json"),
                          "consents": event.consents.model_dump(mode="json"),
                          "language": event.contact.language.value}
    assert store.outbox.subjects == [subjects.ASSESSMENT_COMPLETED]
    staged = store.outbox.only(subjects.ASSESSMENT_COMPLETED)
    # The event carries the submission on to advisory (ADR 14); the stored revision keeps the scores only.
    assert staged.payload.model_copy(update={"submission": None}) == row.assessment
    assert row.assessment.submission is None and staged.payload.submission is not None
    assert staged.payload.submission.enquiry == event and staged.payload.submission.event_id == envelope.event_id
    assert staged.payload.submission.submitted_at == envelope.occurred_at
    assert staged.payload.taxonomy_version == reference_data.taxonomy.version
    assert staged.envelope.producer == "assessment" and staged.envelope.occurred_at == clock.now()
    assert (staged.envelope.correlation_id, staged.envelope.causation_id) == (event.reference, envelope.event_id)
    assert counted(metrics)[row.assessment.band] == 1 and sum(counted(metrics).values()) == 1


async def test_an_amendment_is_reassessed_as_the_next_revision(reference_data, metrics) -> None:
    store, clock, submitted = FakeAssessmentStore(), FrozenClock(), enquiry_submitted()
    deps = {"reference_data": reference_data, "clock": clock, "metrics": metrics}
    await when_enquiry_submitted_assess(submitted_envelope(submitted), store, **deps)
    amended = enquiry_amended(submitted, profile_changes={"certifications": []})

    await when_enquiry_amended_reassess(amended_envelope(amended), store, **deps)

    first, second = store.revisions_of(submitted.enquiry_id)
    assert (first.assessment.revision, second.assessment.revision) == (1, 2)
    assert second.inputs["profile"]["certifications"] == [] and first.inputs["profile"]["certifications"]
    assert second.assessment.readiness_percent < first.assessment.readiness_percent  # no certificates any more
    assert store.outbox.subjects == [subjects.ASSESSMENT_COMPLETED] * 2
    assert [e.payload.revision for e in store.outbox.staged] == [1, 2]
    # Only the submission's assessment carries it; advisory takes an amendment from intake's own event.
    assert [e.payload.submission is not None for e in store.outbox.staged] == [True, False]
    assert sum(counted(metrics).values()) == 2


async def test_certificates_count_until_the_clock_passes_their_expiry(reference_data, metrics) -> None:
    # The example's certificates expire in 2027; the assessment's date is the clock's, not the machine's.
    event = enquiry_submitted()
    before, after = FakeAssessmentStore(), FakeAssessmentStore()
    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await when_enquiry_submitted_assess(submitted_envelope(event), before, reference_data=reference_data,
                                        clock=clock, metrics=metrics)
    clock.advance(datetime(2027, 10, 1, tzinfo=UTC) - clock.now())
    await when_enquiry_submitted_assess(submitted_envelope(event), after, reference_data=reference_data,
                                        clock=clock, metrics=metrics)

    def r1_reason(store: FakeAssessmentStore) -> str:
        [row] = store.revisions_of(event.enquiry_id)
        return next(s.reason for s in row.assessment.readiness if s.criterion == "R1")

    assert "expired" not in r1_reason(before)
    assert "expired and not counted" in r1_reason(after)
    assert after.outbox.staged[0].envelope.occurred_at == datetime(2027, 10, 1, tzinfo=UTC)


async def test_erasure_drops_the_inputs_and_scrubs_the_messaging_rows(reference_data, metrics) -> None:
    store, clock = FakeAssessmentStore(), FrozenClock()
    deps = {"reference_data": reference_data, "clock": clock, "metrics": metrics}
    erased, kept = enquiry_submitted(), enquiry_submitted()
    await when_enquiry_submitted_assess(submitted_envelope(erased), store, **deps)
    await when_enquiry_amended_reassess(amended_envelope(enquiry_amended(erased)), store, **deps)
    await when_enquiry_submitted_assess(submitted_envelope(kept), store, **deps)
    store.messaging_rows = [erased.reference, kept.reference, erased.reference]
    request = ErasureRequestedV1(request_id=uuid.uuid4(), enquiry_ids=[erased.enquiry_id],
                                 references=[erased.reference])
    envelope = new_envelope(request, subject=subjects.ERASURE_REQUESTED, producer="intake",
                            correlation_id=f"erasure-{request.request_id}")

    await when_erasure_requested_erase(envelope, store)

    assert [row.inputs for row in store.revisions_of(erased.enquiry_id)] == [{}, {}]
    assert [row.assessment.revision for row in store.revisions_of(erased.enquiry_id)] == [1, 2]  # scores stay
    assert store.revisions_of(kept.enquiry_id)[0].inputs["profile"]
    assert store.messaging_rows == [kept.reference]
    answer = store.outbox.only(subjects.ASSESSMENT_ERASURE_COMPLETED)
    assert (answer.payload.request_id, answer.payload.service) == (request.request_id, "assessment")
    assert answer.payload.items_erased == 4  # two revisions and two messaging rows
    assert answer.envelope.correlation_id == f"erasure-{request.request_id}"
    assert answer.envelope.causation_id == envelope.event_id


async def test_the_event_records_versions_route_exclusions_and_only_calls_open_on_the_clocks_date(
        reference_data, metrics) -> None:
    # The example company (an NRW SME interested in Defence.Tech.NRW) assessed 20 days before and 1 day after the
    # call closed (30.04.2026): the clock, not the machine's date, decides what is offered.
    event = enquiry_submitted()
    open_store, closed_store = FakeAssessmentStore(), FakeAssessmentStore()
    clock = FrozenClock(datetime(2026, 4, 10, 9, 0, tzinfo=UTC))
    await when_enquiry_submitted_assess(submitted_envelope(event), open_store, reference_data=reference_data,
                                        clock=clock, metrics=metrics)
    clock.advance(datetime(2026, 5, 1, 9, 0, tzinfo=UTC) - clock.now())
    await when_enquiry_submitted_assess(submitted_envelope(event), closed_store, reference_data=reference_data,
                                        clock=clock, metrics=metrics)

    [while_open] = [r.assessment for r in open_store.revisions_of(event.enquiry_id)]
    [after_close] = [r.assessment for r in closed_store.revisions_of(event.enquiry_id)]
    assert (while_open.taxonomy_version, while_open.partner_directory_version, while_open.funding_calls_version) == (
        reference_data.taxonomy.version, reference_data.partners.version, reference_data.funding_calls.version)
    assert while_open.route is not None and while_open.route.route == "clusters_and_dual_use"
    assert while_open.recommended_partners[0].partner_id == "defence-nrw"
    assert {"partner_id": "rheinmetall", "rule": "below_min_band"}.items() <= next(
        x for x in while_open.not_recommended if x.partner_id == "rheinmetall").model_dump().items()
    [offer] = while_open.funding_calls
    assert (offer.call_id, offer.days_left, offer.closing_soon, offer.interested) == (
        "defence-tech-nrw-2026", 20, True, True)
    assert after_close.funding_calls == []
    assert not [s for s in after_close.development_plan if s.funding_calls]
    assert all("defence_tech_nrw" not in t.reason for r in after_close.recommended_partners for t in r.terms)
