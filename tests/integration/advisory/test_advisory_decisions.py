"""Every decision path over HTTP: DB state, timeline and the outbox event it emits."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.contracts import subjects
from shared.contracts.intake import EnquiryAmendedV1
from tests.support.waiting import eventually

from .workbench_support import Workbench, assessment_of

TOMORROW = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()


async def _claimed(bench: Workbench, email: str, **kw):
    case = await bench.seed_case(**kw)
    client = await bench.login(email)
    assert (await client.post(f"/api/v1/cases/{case['id']}/claim")).status_code == 200
    return case, client


async def test_note_goes_on_the_timeline(bench: Workbench) -> None:
    case, advisor = await _claimed(bench, "note@example.org")
    r = await advisor.post(f"/api/v1/cases/{case['id']}/notes", json={"text": "Rückruf vereinbart"})
    assert r.status_code == 201
    detail = (await advisor.get(f"/api/v1/cases/{case['id']}")).json()
    assert {"kind": "note", "actor": "note"}.items() <= detail["timeline"][-1].items()
    assert detail["timeline"][-1]["data"]["text"] == "Rückruf vereinbart"
    notes = [e for e in await bench.outbox(subjects.NOTE_ADDED) if e["payload"]["case_id"] == str(case["id"])]
    assert len(notes) == 1 and "Rückruf" not in str(notes[0])  # the event says a note exists, not what it says


async def test_request_info_pauses_sla_and_amendment_resumes_it(bench: Workbench) -> None:
    case, advisor = await _claimed(bench, "info@example.org")
    r = await advisor.post(f"/api/v1/cases/{case['id']}/info-requests",
                           json={"question": "Welche Losgrößen?", "respond_by": TOMORROW})
    assert r.status_code == 201 and r.json()["status"] == "waiting_for_company"
    paused = await bench.pool.fetchrow("SELECT * FROM cases WHERE id = $1", case["id"])
    assert paused["sla_paused_at"] is not None and paused["escalation_next_at"] is None
    [event] = await bench.outbox(subjects.INFO_REQUESTED)
    assert event["payload"]["question"] == "Welche Losgrößen?" and event["payload"]["respond_by"] == TOMORROW
    # the company answers: intake publishes the amendment, assessment the re-assessment (revision 2)
    e = case["enquiry"]
    amended = EnquiryAmendedV1(enquiry_id=e.enquiry_id, reference=e.reference, revision=2,
                               profile=e.profile.model_copy(update={"message": "Losgrößen 10-500"}),
                               contact=e.contact, consents=e.consents)
    await bench.publish(subjects.ENQUIRY_AMENDED, amended, correlation_id=e.reference)
    await bench.publish(subjects.ASSESSMENT_COMPLETED, assessment_of(amended, revision=2), correlation_id=e.reference)

    async def resumed():
        row = await bench.pool.fetchrow("SELECT * FROM cases WHERE id = $1", case["id"])
        return row if row["status"] == "claimed" and row["assessment_revision"] == 2 else None
    row = await eventually(resumed, what="case resumed after amendment and re-assessment")
    assert row["sla_paused_at"] is None and row["sla_due_at"] >= paused["sla_due_at"]
    assert row["profile"]["message"] == "Losgrößen 10-500" and row["escalation_next_at"] is not None
    kinds = await bench.timeline_kinds(case["id"])
    assert {"info_requested", "enquiry_amended", "sla_resumed"} <= set(kinds) and kinds.count("assessed") == 2


async def test_introduction_blocked_by_open_gate_until_a_lead_clears_it(bench: Workbench) -> None:
    case, advisor = await _claimed(bench, "gate@example.org", itar=True)
    assert case["open_gates"] >= 1
    r = await advisor.post(f"/api/v1/cases/{case['id']}/introductions", json={"partner_ids": ["defence-nrw"]})
    assert r.status_code == 409 and r.json()["code"] == "gates_open"
    assert await bench.outbox(subjects.INTRODUCTION_APPROVED) == []
    gate = "G3"
    assert (await advisor.post(f"/api/v1/cases/{case['id']}/gates/{gate}/clearance",
                               json={"reason": "x"})).status_code == 403  # advisors cannot clear gates
    lead = await bench.login("gatelead@example.org", role="lead")
    r = await lead.post(f"/api/v1/cases/{case['id']}/gates/{gate}/clearance",
                        json={"reason": "BAFA-Auskunft liegt vor"})
    assert r.status_code == 200
    row = await bench.pool.fetchrow("SELECT gate_clearances, open_gates FROM cases WHERE id = $1", case["id"])
    assert row["gate_clearances"][gate]["reason"] == "BAFA-Auskunft liegt vor" and row["open_gates"] == 0
    cleared = [e["payload"] for e in await bench.outbox(subjects.GATE_CLEARED)
               if e["payload"]["case_id"] == str(case["id"])]
    assert [(c["gate"], c["reason"]) for c in cleared] == [(gate, "BAFA-Auskunft liegt vor")]
    r = await advisor.post(f"/api/v1/cases/{case['id']}/introductions", json={"partner_ids": ["defence-nrw"]})
    assert r.status_code == 201, r.text


async def test_introduction_needs_consent_and_shares_only_consented_data(bench: Workbench) -> None:
    case, advisor = await _claimed(bench, "intro@example.org")
    r = await advisor.post(f"/api/v1/cases/{case['id']}/introductions", json={"partner_ids": ["ki-nrw"]})
    assert r.status_code == 422 and r.json()["code"] == "no_consent"
    r = await advisor.post(f"/api/v1/cases/{case['id']}/introductions",
                           json={"partner_ids": ["defence-nrw", "aerospace-nrw"], "note": "Bitte melden"})
    assert r.status_code == 201
    [event] = await bench.outbox(subjects.INTRODUCTION_APPROVED)
    payload = event["payload"]
    assert [p["partner_id"] for p in payload["partners"]] == ["defence-nrw", "aerospace-nrw"]
    assert set(payload["shared_profile"]) <= {"name", "kreis", "sector_of_origin", "headcount", "website",
                                              "competences", "offerings", "certifications", "message"}
    assert "compliance" not in payload["shared_profile"] and "contact" not in str(payload["shared_profile"])
    assert all("token=" in p["accept_url"] and p["accept_url"].startswith("http://advisory.test/introductions/")
               for p in payload["partners"])
    token = payload["partners"][0]["accept_url"].split("token=")[1].split("&")[0]
    stored = await bench.pool.fetchval("SELECT token_hash FROM introductions WHERE partner_id = 'defence-nrw'")
    assert token not in stored  # only the hash is kept
    assert (await bench.pool.fetchval("SELECT status FROM cases WHERE id = $1", case["id"])) == "introduced"


async def test_partner_declines_then_next_best_partner_is_offered_and_outcomes_recorded(bench: Workbench) -> None:
    case, advisor = await _claimed(bench, "twosided@example.org")
    await advisor.post(f"/api/v1/cases/{case['id']}/introductions", json={"partner_ids": ["defence-nrw"]})
    [approved] = await bench.outbox(subjects.INTRODUCTION_APPROVED)
    partner = approved["payload"]["partners"][0]
    intro_path = partner["decline_url"].removeprefix("http://advisory.test")
    page = await advisor.get(intro_path)
    assert page.status_code == 200 and "Ablehnen" in page.text
    token = partner["decline_url"].split("token=")[1].split("&")[0]
    wrong = await advisor.post(intro_path.split("?")[0], data={"token": "forged", "answer": "decline", "reason": "x"})
    assert wrong.status_code == 404
    r = await advisor.post(intro_path.split("?")[0], data={"token": token, "answer": "decline",
                                                           "reason": "Kein Bedarf an Leichtbau"})
    assert r.status_code == 200
    [answered] = await bench.outbox(subjects.INTRODUCTION_ANSWERED)
    assert answered["payload"]["answer"] == "declined" and answered["payload"]["reason"] == "Kein Bedarf an Leichtbau"
    again = await advisor.post(intro_path.split("?")[0], data={"token": token, "answer": "accept"})
    assert again.status_code == 409
    detail = (await advisor.get(f"/api/v1/cases/{case['id']}")).json()
    assert detail["introductions"][0]["status"] == "declined"
    nxt = detail["next_best_partner"]
    assert nxt and nxt["partner_id"] != "defence-nrw"
    # the advisor moves on to the next-best partner, who accepts; outcomes follow
    await advisor.post(f"/api/v1/cases/{case['id']}/introductions", json={"partner_ids": [nxt["partner_id"]]})
    second = (await bench.outbox(subjects.INTRODUCTION_APPROVED))[1]["payload"]["partners"][0]
    second_token = second["accept_url"].split("token=")[1].split("&")[0]
    r = await advisor.post(f"/introductions/{second['introduction_id']}", data={"token": second_token,
                                                                             "answer": "accept"})
    assert r.status_code == 200
    r = await advisor.post(f"/api/v1/introductions/{second['introduction_id']}/outcomes",
                           json={"outcome": "meeting_held"})
    assert r.status_code == 201
    [outcome] = await bench.outbox(subjects.INTRODUCTION_OUTCOME)
    assert outcome["payload"]["outcome"] == "meeting_held"


async def test_close_and_reopen_with_reasons(bench: Workbench) -> None:
    case, advisor = await _claimed(bench, "close@example.org")
    r = await advisor.post(f"/api/v1/cases/{case['id']}/close", json={"reason_code": "other"})
    assert r.status_code == 422  # "other" needs a text
    r = await advisor.post(f"/api/v1/cases/{case['id']}/close",
                           json={"reason_code": "not_eligible", "reason_text": "Kein Verteidigungsbezug"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    [closed] = await bench.outbox(subjects.CASE_CLOSED)
    assert closed["payload"]["reason_code"] == "not_eligible"
    assert (await advisor.post(f"/api/v1/cases/{case['id']}/close",
                               json={"reason_code": "duplicate"})).status_code == 409
    r = await advisor.post(f"/api/v1/cases/{case['id']}/reopen", json={"reason_text": "Neue Unterlagen"})
    assert r.status_code == 200 and r.json()["status"] == "claimed"
    row = await bench.pool.fetchrow("SELECT sla_period, escalation_next_at FROM cases WHERE id = $1", case["id"])
    assert row["sla_period"] == 2 and row["escalation_next_at"] is not None
    assert len(await bench.outbox(subjects.CASE_REOPENED)) == 1


async def test_override_is_stored_with_reason_and_author_and_survives_reassessment(bench: Workbench) -> None:
    case, advisor = await _claimed(bench, "override@example.org")
    r = await advisor.post(f"/api/v1/cases/{case['id']}/overrides",
                           json={"field": "band", "value": "A", "reason": "Referenzkunde bekannt"})
    assert r.status_code == 200
    assert (await advisor.post(f"/api/v1/cases/{case['id']}/overrides",
                               json={"field": "band", "value": "Z", "reason": "x"})).status_code == 422
    e = case["enquiry"]
    await bench.publish(subjects.ASSESSMENT_COMPLETED, assessment_of(e, revision=2), correlation_id=e.reference)

    async def reassessed():
        return await bench.pool.fetchrow("SELECT * FROM cases WHERE id = $1 AND assessment_revision = 2", case["id"])
    row = await eventually(reassessed, what="re-assessment attached")
    assert row["band"] == "A" and row["overrides"]["band"]["by"] == "override"
    assert row["overrides"]["band"]["reason"] == "Referenzkunde bekannt"
    overridden = [e["payload"] for e in await bench.outbox(subjects.SCORE_OVERRIDDEN)
                  if e["payload"]["case_id"] == str(case["id"])]
    assert overridden and overridden[-1]["field"] == "band" and overridden[-1]["value"] == "A"


async def test_bulk_close_validates_each_case_like_the_single_action(bench: Workbench) -> None:
    mine, advisor = await _claimed(bench, "bulk@example.org")
    theirs, _ = await _claimed(bench, "bulk-other@example.org")
    unassigned = await bench.seed_case()
    r = await advisor.post("/api/v1/bulk/close", json={
        "case_ids": [str(mine["id"]), str(theirs["id"]), str(unassigned["id"])], "reason_code": "withdrawn"})
    assert r.status_code == 200
    results = {x["case_id"]: x for x in r.json()["results"]}
    assert results[str(mine["id"])]["ok"] is True
    assert results[str(theirs["id"])]["status"] == 403 and results[str(unassigned["id"])]["status"] == 403
    assert len(await bench.outbox(subjects.CASE_CLOSED)) == 1
    lead = await bench.login("bulk-lead@example.org", role="lead")
    target = await bench.user("bulk-target@example.org")
    r = await lead.post("/api/v1/bulk/assign", json={
        "case_ids": [str(mine["id"]), str(unassigned["id"])], "assignee_id": str(target)})
    results = {x["case_id"]: x for x in r.json()["results"]}
    assert results[str(mine["id"])]["code"] == "wrong_status" and results[str(unassigned["id"])]["ok"] is True


