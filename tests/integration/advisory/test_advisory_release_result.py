"""Releasing the result to the company over HTTP on real PostgreSQL + NATS: the event staged with the case change,
the timeline and the audit log, 409 for the same revision, and the newer revision after a re-assessment."""
from __future__ import annotations

import json

from shared.contracts import subjects
from shared.contracts.intake import EnquiryAmendedV1
from tests.support.waiting import eventually

from .workbench_support import Workbench, assessment_of


async def test_release_stages_the_event_records_it_and_releases_again_after_a_reassessment(bench: Workbench) -> None:
    case = await bench.seed_case()
    advisor = await bench.login("release@example.org")
    other = await bench.login("bystander@example.org")
    assert (await advisor.post(f"/api/v1/cases/{case['id']}/claim")).status_code == 200

    refused = await other.post(f"/api/v1/cases/{case['id']}/result-release")
    assert refused.status_code == 403 and await bench.outbox(subjects.RESULT_RELEASED) == []

    r = await advisor.post(f"/api/v1/cases/{case['id']}/result-release")
    assert r.status_code == 200 and r.json()["result_released_revision"] == 1
    [event] = await bench.outbox(subjects.RESULT_RELEASED)
    payload = event["payload"]
    assert payload["enquiry_id"] == str(case["enquiry"].enquiry_id) and payload["assessment_revision"] == 1
    assert [c["criterion"] for c in payload["readiness"]] == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    assert payload["top_areas"] and payload["taxonomy_version"]
    assert not {"gates", "band", "not_recommended", "recommended_partners", "route"} & set(payload)
    again = await advisor.post(f"/api/v1/cases/{case['id']}/result-release")
    assert again.status_code == 409 and again.json()["code"] == "already_released"

    assert (await bench.timeline_kinds(case["id"]))[-1] == "result_released"
    audit = await bench.pool.fetch("SELECT actor, detail FROM audit_log WHERE case_id = $1 AND kind = 'decision'",
                                   case["id"])
    assert any(json.loads(a["detail"]) == {"what": "result_released"} if isinstance(a["detail"], str)
               else a["detail"] == {"what": "result_released"} for a in audit)

    e = case["enquiry"]
    amended = EnquiryAmendedV1(enquiry_id=e.enquiry_id, reference=e.reference, revision=2, profile=e.profile,
                               contact=e.contact, consents=e.consents)
    await bench.publish(subjects.ASSESSMENT_COMPLETED, assessment_of(amended, revision=2), correlation_id=e.reference)

    async def reassessed() -> bool:
        return await bench.pool.fetchval("SELECT assessment_revision FROM cases WHERE id = $1", case["id"]) == 2
    await eventually(reassessed, what="re-assessment attached")
    page = await advisor.get(f"/cases/{case['id']}")
    assert 'id="release-result"' in page.text
    newer = await advisor.post(f"/api/v1/cases/{case['id']}/result-release")
    assert newer.status_code == 200 and newer.json()["result_released_revision"] == 2
    assert [ev["payload"]["assessment_revision"] for ev in await bench.outbox(subjects.RESULT_RELEASED)] == [1, 2]
    page = await advisor.get(f"/cases/{case['id']}")
    assert 'id="release-state" data-released="2"' in page.text and 'id="release-result"' not in page.text
