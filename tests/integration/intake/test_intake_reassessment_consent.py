"""The consent to be invited to a re-assessment on a real database and NATS (issue 17): stored with the consent
record, strict over the API, given on the form, and the invitation that opens the amendment form."""
from __future__ import annotations

import json
import re
import uuid
from datetime import date

from shared.contracts import subjects
from shared.contracts.advisory import ReassessmentDueV1
from tests.support.test_data import unique_enquiry

from .conftest import Intake
from .test_intake_form_and_amendment import as_form
from .test_intake_status_events import decision_time, publish_and_wait


async def _consent_records(intake: Intake, enquiry_id: uuid.UUID) -> list[tuple[str, bool]]:
    async with intake.pool.acquire() as conn:
        rows = await conn.fetch("SELECT source, reassessment_contact FROM consent_records WHERE enquiry_id = $1"
                                " ORDER BY id", enquiry_id)
    return [(r["source"], r["reassessment_contact"]) for r in rows]


async def test_the_consent_is_recorded_strictly_from_the_api_and_the_form(intake: Intake) -> None:
    body = unique_enquiry()
    body["consents"]["reassessment_contact"] = True
    accepted = await intake.client.post("/api/v1/enquiries", json=body)
    assert accepted.status_code == 202, accepted.text
    assert await _consent_records(intake, uuid.UUID(accepted.json()["enquiry_id"])) == [("api", True)]

    for loose in ('"true"', "1"):
        raw = json.dumps(body).replace('"reassessment_contact": true', f'"reassessment_contact": {loose}')
        r = await intake.client.post("/api/v1/enquiries", content=raw, headers={"Content-Type": "application/json"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "consents.reassessment_contact", r.text

    page = await intake.client.get("/anfrage/kontakt?lang=en")  # the guided form's contact and consent step
    assert 'name="consents.reassessment_contact"' in page.text and "re-assessment is due" in page.text
    form = as_form(unique_enquiry(), form_token=uuid.uuid4().hex, lang="en")
    form["consents.reassessment_contact"] = ["on"]
    posted = await intake.client.post("/", data=form)
    assert posted.status_code == 200, posted.text
    async with intake.pool.acquire() as conn:
        stored = await conn.fetchrow("SELECT c.reassessment_contact, c.text_version FROM consent_records c"
                                     " WHERE c.source = 'form'")
    assert stored["reassessment_contact"] is True and stored["text_version"] == "2026-11-v2"


async def test_an_invitation_lets_the_company_update_its_answers(intake: Intake) -> None:
    body = unique_enquiry()
    body["consents"]["reassessment_contact"] = True
    accepted = (await intake.client.post("/api/v1/enquiries", json=body)).json()
    eid = uuid.UUID(accepted["enquiry_id"])
    status_path = accepted["status_url"].removeprefix("http://intake.test")
    due = ReassessmentDueV1(case_id=uuid.uuid4(), enquiry_id=eid, reference=accepted["reference"],
                            due_on=date(2027, 5, 18), set_by="assessment", case_url="http://advisory.test/cases/x",
                            invite_company=True)
    await publish_and_wait(intake, subjects.REASSESSMENT_DUE, due, at=decision_time())
    status = await intake.client.get(status_path)
    assert 'id="reassessment"' in status.text and "18.05.2027" in status.text
    amend_path = re.search(r'href="(/status/[^"]+/amend\?[^"]+)"', status.text).group(1).replace("&amp;", "&")
    assert (await intake.client.get(amend_path)).status_code == 200
    body["capacity"]["mrl"] = 8
    r = await intake.client.post(amend_path.split("&lang=")[0], data=as_form(body, lang="de"))
    assert r.status_code == 303 and "amended=1" in r.headers["location"]
    async with intake.pool.acquire() as conn:
        row = await conn.fetchrow("SELECT status, revision, reassessment_invited_for FROM enquiries WHERE id = $1",
                                  eid)
    assert dict(row) == {"status": "with_advisor", "revision": 2, "reassessment_invited_for": None}
    assert await _consent_records(intake, eid) == [("api", True), ("amendment-form", True)]
