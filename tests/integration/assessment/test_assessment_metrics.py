"""assessment counts every stored assessment revision by band, on the service's own registry."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

import nats
import pytest

from devstack.nats import NatsServer
from services.assessment.app import create_app
from services.assessment.settings import AssessmentSettings
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import EnquiryAmendedV1
from tests.support.test_data import enquiry_submitted
from tests.support.waiting import eventually


@pytest.fixture(scope="module")
def assessment_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Own server: the durables must not compete with the e2e stack's assessment process on the session server.
    server = NatsServer(tmp_path_factory.mktemp("assessment-nats"), name=f"asm{uuid.uuid4().hex[:6]}")
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


async def _publish(nats_url: str, subject: str, payload: object, *, correlation_id: str,
                   again: bool = False) -> None:
    """Publish the event; with `again`, a second copy (same event id) that JetStream does not deduplicate."""
    envelope = new_envelope(payload, subject=subject, producer="test", correlation_id=correlation_id)
    nc = await nats.connect(nats_url)
    try:
        for copy in range(2 if again else 1):
            await nc.jetstream().publish(subject, envelope.model_dump_json().encode(),
                                         headers={"Nats-Msg-Id": f"{envelope.event_id}-{copy}"})
    finally:
        await nc.close()


async def test_each_stored_revision_counts_once_under_its_band(fresh_db: str, assessment_nats: str) -> None:
    app = create_app(AssessmentSettings(database_url=fresh_db, nats_url=assessment_nats, outbox_poll_interval_s=0.2,
                                        retry_delays_s=[0.2, 0.5, 1.0]))
    registry = app.state.runtime.metrics.registry

    def counted() -> dict[str, float]:
        return {band: registry.get_sample_value("assessment_assessments_total", {"band": band}) for band in "ABC"}

    async with app.router.lifespan_context(app):
        pool = app.state.runtime.require_pool()
        assert counted() == {"A": 0.0, "B": 0.0, "C": 0.0}  # every band is exported from zero
        e = enquiry_submitted()
        await _publish(assessment_nats, subjects.ENQUIRY_SUBMITTED, e, correlation_id=e.reference)

        async def stored(revisions: int) -> list:
            rows = await pool.fetch("SELECT band FROM assessments WHERE enquiry_id = $1 ORDER BY revision",
                                    e.enquiry_id)
            return rows if len(rows) == revisions else []
        [first] = await eventually(lambda: stored(1), what="assessment stored")
        assert counted()[first["band"]] == 1 and sum(counted().values()) == 1

        amended = EnquiryAmendedV1(enquiry_id=e.enquiry_id, reference=e.reference, revision=2, profile=e.profile,
                                   contact=e.contact, consents=e.consents)
        await _publish(assessment_nats, subjects.ENQUIRY_AMENDED, amended, correlation_id=e.reference, again=True)
        rows = await eventually(lambda: stored(2), what="re-assessment stored")

        async def duplicate_ignored() -> bool:
            return registry.get_sample_value("messages_handled_total", {
                "service": "assessment", "consumer": "assessment-enquiry-amended", "outcome": "duplicate"}) == 1
        await eventually(duplicate_ignored, what="the second copy of the amendment ignored by the inbox")
        # Each revision counts, under its own band; the duplicate delivery counts nothing.
        assert sum(counted().values()) == 2
        assert counted()[rows[1]["band"]] == (2 if rows[1]["band"] == first["band"] else 1)
        assert await pool.fetchval("SELECT count(*) FROM assessments WHERE enquiry_id = $1", e.enquiry_id) == 2
