"""The re-assessment timer on real PostgreSQL and NATS (issue 17): a lead's date over the API and the form, a band-C
assessment's date, one reminder per date however many pollers race, and the background poller."""
from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import asyncpg

from services.advisory.adapters.case_store import unit_of_work
from services.advisory.use_cases.remind_reassessment import remind_reassessments
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.contracts.assessment import RouteDecision
from tests.support.waiting import eventually

from .workbench_support import BASE_URL, Workbench, assessment_of, enquiry, running_workbench


async def _remind(pool: asyncpg.Pool, at: datetime) -> int:
    async with unit_of_work(pool) as uow:
        return await remind_reassessments(uow, clock=FrozenClock(at), ui_base_url=BASE_URL)


async def test_a_leads_date_reminds_the_assignee_once_whatever_the_pollers_do(bench: Workbench) -> None:
    case = await bench.seed_case()
    advisor = await bench.login("reassess-advisor@example.org", name="Anna Advisor")
    await advisor.post(f"/api/v1/cases/{case['id']}/claim")
    lead = await bench.login("reassess-lead@example.org", role="lead")
    url = f"/api/v1/cases/{case['id']}/reassessment"
    due_on = datetime.now(UTC).date() + timedelta(days=30)

    refused = [(advisor, {"reassess_on": due_on.isoformat()}, 403),
               (lead, {"reassess_on": "2020-01-01"}, 422),
               (lead, {"reassess_on": (due_on + timedelta(days=800)).isoformat()}, 422),
               (lead, {"reassess_on": due_on.isoformat(), "reassess_on_extra": True}, 422)]
    for client, body, status in refused:
        r = await client.post(url, json=body)
        assert r.status_code == status, (body, r.text)
    assert await bench.pool.fetchval("SELECT reassess_on FROM cases WHERE id = $1", case["id"]) is None

    r = await lead.post(url, json={"reassess_on": due_on.isoformat(), "reason": "Nach der EN-9100-Zertifizierung"})
    assert r.status_code == 200 and r.json()["reassess_on"] == due_on.isoformat()
    detail = (await lead.get(f"/api/v1/cases/{case['id']}")).json()
    assert (detail["reassess_on"], detail["reassess_set_by"]) == (due_on.isoformat(), "lead")

    day_before = datetime.combine(due_on, datetime.min.time(), UTC) - timedelta(hours=3)
    assert await _remind(bench.pool, day_before) == 0
    on_the_day = day_before + timedelta(hours=12)
    fired = await asyncio.gather(*(_remind(bench.pool, on_the_day) for _ in range(4)))
    assert sum(fired) == 1
    assert await _remind(bench.pool, on_the_day + timedelta(days=5)) == 0
    [event] = await bench.outbox(subjects.REASSESSMENT_DUE)
    payload = event["payload"]
    assert [a["email"] for a in payload["advisors"]] == ["reassess-advisor@example.org"]
    assert payload["due_on"] == due_on.isoformat() and payload["set_by"] == "lead"
    assert payload["invite_company"] is False  # the example company did not agree to be contacted for it
    assert payload["case_url"] == f"{BASE_URL}/cases/{case['id']}"
    kinds = await bench.timeline_kinds(case["id"])
    assert kinds.count("reassessment_set") == 1 and kinds.count("reassessment_due") == 1
    reminded = await bench.pool.fetchrow("SELECT reassess_reminded_for, reassess_reminded_at FROM cases"
                                         " WHERE id = $1", case["id"])
    assert reminded["reassess_reminded_for"] == due_on and reminded["reassess_reminded_at"] is not None


async def test_the_case_page_form_sets_the_date_with_csrf(bench: Workbench) -> None:
    case = await bench.seed_case()
    lead = await bench.login("reassess-form-lead@example.org", role="lead")
    csrf = lead.headers.pop("X-CSRF-Token")
    due_on = (datetime.now(UTC).date() + timedelta(days=90)).isoformat()
    form = {"reassess_on": due_on, "reason": "Wiedervorlage"}
    assert (await lead.post(f"/cases/{case['id']}/reassessment", data=form)).status_code == 403  # no token
    r = await lead.post(f"/cases/{case['id']}/reassessment", data={**form, "csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{case['id']}"
    page = (await lead.get(f"/cases/{case['id']}")).text
    assert f'data-due="{due_on}"' in page and 'id="reassessment-form"' in page
    r = await lead.post(f"/cases/{case['id']}/reassessment", data={"reassess_on": "2020-01-01", "csrf_token": csrf})
    assert r.headers["location"] == f"/cases/{case['id']}?error=reassess_not_ahead"


async def test_a_band_c_assessment_dates_it_and_the_poller_invites_a_consenting_company(
        fresh_db: str, advisory_nats: str) -> None:
    async with running_workbench(fresh_db, advisory_nats, reassess_poll_interval_s=0.1) as bench:
        await bench.user("reassess-team-lead@example.org", role="lead", name="Lena Lead")
        e = enquiry()
        e = e.model_copy(update={"consents": e.consents.model_copy(update={"reassessment_contact": True})})
        due_on = date.today() - timedelta(days=1)  # already due: the running poller must pick it up
        route = RouteDecision(route="development_track", band="C", rule="route.band_c", reassess_on=due_on)
        assessed = assessment_of(e).model_copy(update={"band": "C", "route": route})
        await bench.publish(subjects.ASSESSMENT_COMPLETED, assessed, correlation_id=e.reference)
        [event] = await eventually(lambda: bench.outbox(subjects.REASSESSMENT_DUE), timeout=30,
                                   what="re-assessment reminder from the background poller")
        payload = event["payload"]
        assert payload["enquiry_id"] == str(e.enquiry_id) and payload["set_by"] == "assessment"
        assert payload["invite_company"] is True and payload["assignee_id"] is None
        assert [a["name"] for a in payload["advisors"]] == ["Lena Lead"]
        case_id = await bench.pool.fetchval("SELECT id FROM cases WHERE enquiry_id = $1", e.enquiry_id)
        assert "reassessment_due" in await bench.timeline_kinds(case_id)
