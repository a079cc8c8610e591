"""The running platform (the processes `make run` starts, on the machine's clock) after Defence.Tech.NRW closed on
30.04.2026: an enquiry interested in it gets no call offered, no plan step or partner term naming it, and the
advisor's case page does not show it; the assessment records its route and all three reference-data versions."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest

from shared.taxonomy import load_funding_calls
from tests.support.waiting import eventually

from .conftest import ADVISOR_EMAIL, ADVISOR_PASSWORD
from .test_enquiry_to_case import unique_example

CLOSED = next(c for c in load_funding_calls().calls if c.id == "defence-tech-nrw-2026")


@pytest.mark.skipif(datetime.now(UTC).date() <= CLOSED.closes_on, reason="the call is still open on this machine")
async def test_a_closed_call_appears_nowhere_on_the_running_platform(stack) -> None:
    body = unique_example()
    assert body["funding_interests"] == ["defence_tech_nrw"]
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as intake:
        r = await intake.post("/api/v1/enquiries", json=body)
        assert r.status_code == 202, r.text
        enquiry_id = r.json()["enquiry_id"]
    async with httpx.AsyncClient(base_url=stack.url("advisory"), timeout=10) as advisor:
        login = await advisor.post("/api/v1/session", json={"email": ADVISOR_EMAIL, "password": ADVISOR_PASSWORD})
        assert login.status_code == 200, login.text

        async def assessed_case() -> dict | None:
            page = (await advisor.get("/api/v1/cases", params={"limit": 200})).json()
            match = [c for c in page["items"] if c["enquiry_id"] == enquiry_id and c["band"]]
            return match[0] if match else None

        case = await eventually(assessed_case, timeout=30, what="assessed case in the queue")
        a = (await advisor.get(f"/api/v1/cases/{case['id']}")).json()["assessment"]
        html = (await advisor.get(f"/cases/{case['id']}")).text

    assert a["funding_calls"] == [] and not [s for s in a["development_plan"] if s["funding_calls"]]
    assert not [t["reason"] for p in a["recommended_partners"] for t in p["terms"] if "defence_tech_nrw" in t["reason"]]
    assert "Defence.Tech.NRW" not in " ".join(s["action"] + s["lead_time"] for s in a["development_plan"])
    assert a["partner_directory_version"] and a["funding_calls_version"] and a["taxonomy_version"]
    assert a["route"]["route"] in {"primes_and_network", "clusters_and_dual_use", "development_track"}
    partners_section = re.search(r'<section id="partners">.*?</section>', html, re.S)
    assert partners_section and "Defence.Tech.NRW" not in partners_section.group(0)
    assert 'id="funding-calls-none"' in partners_section.group(0)
