"""Every stored revision records the taxonomy, partner-directory and funding-calls versions it was made with, and
re-assessing an old enquiry with new data (and a newer directory) adds a revision instead of overwriting one."""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry

from services.assessment.adapters.assessments import PgAssessmentStore, assessment_history
from services.assessment.app import load_reference_data
from services.assessment.metrics import assessment_metrics
from services.assessment.use_cases.assess import when_enquiry_amended_reassess, when_enquiry_submitted_assess
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from tests.support.test_data import enquiry_amended, enquiry_submitted


async def test_reassessing_with_new_data_and_directory_is_a_new_revision_with_its_versions(pool) -> None:
    metrics = assessment_metrics(CollectorRegistry())
    old_rules = load_reference_data()
    # An operator published a new directory between the enquiry and its amendment.
    new_rules = dataclasses.replace(old_rules, partners=old_rules.partners.model_copy(update={"version": "2027.1"}))
    clock = FrozenClock(datetime(2026, 4, 10, 9, 0, tzinfo=UTC))  # Defence.Tech.NRW still open
    e = enquiry_submitted()
    async with pool.acquire() as conn, conn.transaction():
        await when_enquiry_submitted_assess(
            new_envelope(e, subject=subjects.ENQUIRY_SUBMITTED, producer="test", correlation_id=e.reference),
            PgAssessmentStore(conn), reference_data=old_rules, clock=clock, metrics=metrics)
    clock.advance(datetime(2026, 11, 23, 9, 0, tzinfo=UTC) - clock.now())  # call closed since
    amended = enquiry_amended(e, profile_changes={"certifications": []})
    async with pool.acquire() as conn, conn.transaction():
        await when_enquiry_amended_reassess(
            new_envelope(amended, subject=subjects.ENQUIRY_AMENDED, producer="test", correlation_id=e.reference),
            PgAssessmentStore(conn), reference_data=new_rules, clock=clock, metrics=metrics)

    rows = await pool.fetch(
        "SELECT revision, taxonomy_version, partner_directory_version, funding_calls_version, band, result, inputs"
        " FROM assessments WHERE enquiry_id = $1 ORDER BY revision", e.enquiry_id)
    first, second = rows
    assert (first["revision"], second["revision"]) == (1, 2)
    # The test enquiry answered questionnaire 1, so it keeps taxonomy 2026.2 while the current one is newer (ADR 13).
    versions = old_rules.taxonomy_for(1).version, old_rules.funding_calls.version
    assert (first["taxonomy_version"], first["partner_directory_version"], first["funding_calls_version"]) == (
        versions[0], old_rules.partners.version, versions[1])
    assert (second["taxonomy_version"], second["partner_directory_version"], second["funding_calls_version"]) == (
        versions[0], "2027.1", versions[1])
    # The first revision is untouched: its inputs, its open call and its route stay as they were.
    assert first["inputs"]["profile"]["certifications"] and second["inputs"]["profile"]["certifications"] == []
    assert [c["call_id"] for c in first["result"]["funding_calls"]] == ["defence-tech-nrw-2026"]
    assert second["result"]["funding_calls"] == []
    assert first["result"]["route"]["route"] == "clusters_and_dual_use"
    assert second["result"]["route"]["route"] == "development_track" and second["result"]["route"]["reassess_on"]
    history = await assessment_history(pool, e.enquiry_id)
    assert history is not None
    assert [(r["revision"], r["partner_directory_version"]) for r in history.revisions] == [
        (1, old_rules.partners.version), (2, "2027.1")]
