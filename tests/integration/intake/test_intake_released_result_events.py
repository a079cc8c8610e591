"""The released result through real NATS and PostgreSQL: intake keeps it, the status page and the status API show
it (the newest revision), and GDPR erasure removes it."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from services.intake.adapters.erasure_store import PgErasureStore
from services.intake.adapters.unit_of_work import PgUnitOfWork
from services.intake.use_cases.erase import request_erasure
from shared.contracts import subjects
from shared.contracts.advisory import ResultReleasedV1
from tests.support.test_data import unique_enquiry

from .conftest import Intake
from .test_intake_status_events import publish_and_wait


def _released(enquiry_id: uuid.UUID, *, revision: int, r3: int) -> ResultReleasedV1:
    return ResultReleasedV1.model_validate({
        "case_id": uuid.uuid4(), "enquiry_id": enquiry_id, "assessment_revision": revision,
        "taxonomy_version": "2026.2", "top_areas": [{"area": "CA04", "score": 1.0}],
        "readiness": [{"criterion": c, "score": s} for c, s in
                      (("R1", 1), ("R2", 2), ("R3", r3), ("R4", 1), ("R5", 2), ("R6", 2), ("R7", 1))],
        "development_plan": [{"criterion": "R3", "rung": r3, "helper": "IHK (Exportkontrolle) / BAFA"}] if r3 < 2
        else [],
        "open_items": ["name_export_control_officer"] if r3 == 0 else []})


async def test_release_shows_on_the_status_page_and_api_and_erasure_removes_it(intake: Intake) -> None:
    accepted = (await intake.client.post("/api/v1/enquiries", json=unique_enquiry())).json()
    enquiry_id = uuid.UUID(accepted["enquiry_id"])
    status_url = urlsplit(accepted["status_url"])
    page_url = f"{status_url.path}?{status_url.query}"
    token = status_url.query.split("token=")[1]
    before = await intake.client.get(page_url)
    assert before.status_code == 200 and 'id="result"' not in before.text

    at = datetime.now(UTC) + timedelta(minutes=1)
    await publish_and_wait(intake, subjects.RESULT_RELEASED, _released(enquiry_id, revision=2, r3=1), at=at)
    await publish_and_wait(intake, subjects.RESULT_RELEASED, _released(enquiry_id, revision=1, r3=0),
                           at=at + timedelta(seconds=1))  # a late older release changes nothing

    german = await intake.client.get(page_url)
    assert 'id="result"' in german.text and "Ihr Reifeprofil" in german.text
    assert "Internal Compliance Programme (ICP)" in german.text  # R3 rung 1, the newer release's step
    assert "Ausfuhrverantwortlichen" not in german.text  # the older release's open item is not shown
    english = await intake.client.get(page_url + "&lang=en")
    assert "Your readiness profile" in english.text and "Ihr Reifeprofil" not in english.text

    api = await intake.client.get(f"/api/v1/enquiries/{enquiry_id}/status", params={"token": token})
    result = api.json()["result"]
    assert result["assessment_revision"] == 2 and result["top_areas"] == [{"area": "CA04", "score": 1.0}]
    assert result["development_plan"] == [{"criterion": "R3", "rung": 1, "helper": "IHK (Exportkontrolle) / BAFA"}]

    await request_erasure(PgUnitOfWork(intake.pool, PgErasureStore), accepted["reference"], clock=intake.deps.clock)
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM released_results WHERE enquiry_id = $1", enquiry_id) == 0
    await publish_and_wait(intake, subjects.RESULT_RELEASED, _released(enquiry_id, revision=3, r3=2),
                           at=at + timedelta(seconds=2))
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM released_results WHERE enquiry_id = $1", enquiry_id) == 0
