"""Accepting an enquiry: one transaction for enquiry, consent record, revision and outbox; re-enquiries."""
from __future__ import annotations

import gc
import uuid

from tests.support.test_data import unique_enquiry

from .conftest import Intake


async def _counts(intake: Intake) -> dict[str, int]:
    async with intake.pool.acquire() as conn:
        return {t: await conn.fetchval(f"SELECT count(*) FROM {t}")
                for t in ("companies", "enquiries", "consent_records", "enquiry_revisions", "outbox",
                          "idempotency_keys")}


async def test_accepted_enquiry_is_stored_with_consent_revision_and_event_together(intake: Intake) -> None:
    body = unique_enquiry()
    r = await intake.client.post("/api/v1/enquiries", json=body)
    assert r.status_code == 202, r.text
    enquiry_id = uuid.UUID(r.json()["enquiry_id"])
    async with intake.pool.acquire() as conn:
        enquiry = await conn.fetchrow("SELECT * FROM enquiries WHERE id = $1", enquiry_id)
        consent = await conn.fetchrow("SELECT * FROM consent_records WHERE enquiry_id = $1", enquiry_id)
        revision = await conn.fetchrow("SELECT * FROM enquiry_revisions WHERE enquiry_id = $1", enquiry_id)
        event = await conn.fetchrow("SELECT * FROM outbox WHERE correlation_id = $1", enquiry["reference"])
    assert enquiry["status"] == "received" and enquiry["revision"] == 1 and not enquiry["is_re_enquiry"]
    assert consent["processing"] and consent["text_version"] == body["consents"]["text_version"]
    assert consent["source"] == "api" and consent["share_with_partners"] == body["consents"]["share_with_partners"]
    assert revision["revision"] == 1 and revision["profile"]["company"]["name"] == body["company"]["name"]
    assert event["subject"] == "intake.enquiry.submitted.v1"
    assert event["envelope"]["payload"]["enquiry_id"] == str(enquiry_id)


async def test_idempotency_conflict_rolls_back_everything_of_the_second_request(intake: Intake) -> None:
    key = uuid.uuid4().hex
    body = unique_enquiry()
    first = await intake.client.post("/api/v1/enquiries", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 202
    before = await _counts(intake)
    other = unique_enquiry()
    r = await intake.client.post("/api/v1/enquiries", json=other, headers={"Idempotency-Key": key})
    assert r.status_code == 409
    assert await _counts(intake) == before, "nothing of the refused request may stay"


async def test_unknown_taxonomy_and_partner_ids_are_refused_per_field_and_nothing_is_stored(intake: Intake) -> None:
    body = unique_enquiry()
    body["competences"][1]["field"] = "CF99"
    body["capability_interests"] = ["CA01", "CA77"]
    body["consents"]["share_with_partners"] = ["defence-nrw", "no-such-partner"]
    before = await _counts(intake)
    r = await intake.client.post("/api/v1/enquiries", json=body)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    errors = {e["field"]: e["type"] for e in r.json()["errors"]}
    assert errors == {"competences.1.field": "unknown_competence_field",
                      "capability_interests.1": "unknown_capability_area",
                      "consents.share_with_partners.1": "unknown_partner"}
    assert await _counts(intake) == before


async def test_re_enquiry_joins_the_company_by_register_number_vat_id_or_web_domain(intake: Intake) -> None:
    first = unique_enquiry(register_number="HRB 4711 Amtsgericht Köln", vat_id=None, website=None)
    first["company"]["register_number"] = f"HRB {uuid.uuid4().int % 10**6} Amtsgericht Köln"
    r1 = await intake.client.post("/api/v1/enquiries", json=first)
    # Same register number written differently, everything else new.
    again = unique_enquiry(register_number=first["company"]["register_number"].replace(" Amtsgericht", ", AG"))
    r2 = await intake.client.post("/api/v1/enquiries", json=again)
    by_domain = unique_enquiry(website=again["company"]["website"].replace("https://", "http://www.") + "/about")
    r3 = await intake.client.post("/api/v1/enquiries", json=by_domain)
    by_vat = unique_enquiry(vat_id=again["company"]["vat_id"])
    r4 = await intake.client.post("/api/v1/enquiries", json=by_vat)
    stranger = unique_enquiry()
    r5 = await intake.client.post("/api/v1/enquiries", json=stranger)
    ids = [uuid.UUID(r.json()["enquiry_id"]) for r in (r1, r2, r3, r4, r5)]
    async with intake.pool.acquire() as conn:
        rows = {r["id"]: r for r in await conn.fetch("SELECT id, company_id, is_re_enquiry FROM enquiries")}
    assert [rows[i]["is_re_enquiry"] for i in ids] == [False, True, True, True, False]
    assert len({rows[i]["company_id"] for i in ids[:4]}) == 1
    assert rows[ids[4]]["company_id"] != rows[ids[0]]["company_id"]
    # The `submitted` events carry the company and re-enquiry flag the storing statement decided.
    async with intake.pool.acquire() as conn:
        events = {uuid.UUID(r["payload"]["enquiry_id"]): r["payload"] for r in await conn.fetch(
            "SELECT envelope->'payload' AS payload FROM outbox WHERE subject = 'intake.enquiry.submitted.v1'")}
    for i in ids:
        assert events[i]["company_id"] == str(rows[i]["company_id"])
        assert events[i]["is_re_enquiry"] is rows[i]["is_re_enquiry"]


async def test_bodies_that_are_not_valid_utf8_json_or_json_at_all_get_a_clear_4xx_and_store_nothing(
        intake: Intake) -> None:
    bad_bodies = [
        b'{"company": {"name": "M\xfcller GmbH"}}',            # Latin-1, not UTF-8
        b'{"company": ',                                        # truncated
        b"\x00\x00\x00",                                        # binary
        b'{"message": "\\ud800"}',                              # lone surrogate escape
        b"[" * 100_000 + b"]" * 100_000,                        # deep nesting, within the size limit
    ]
    for body in bad_bodies[:4]:
        r = await intake.client.post("/api/v1/enquiries", content=body, headers={"content-type": "application/json"})
        assert r.status_code in (400, 422), (body[:40], r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    deep = await intake.client.post("/api/v1/enquiries", content=bad_bodies[4][:200_000],
                                    headers={"content-type": "application/json"})
    assert deep.status_code in (400, 413, 422)
    wrong_type = await intake.client.post("/api/v1/enquiries", content=b"name=x",
                                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert wrong_type.status_code in (415, 422)
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM enquiries") == 0


async def test_a_running_service_keeps_its_start_up_objects_out_of_the_garbage_collector(intake: Intake) -> None:
    # A full collection walking the objects of start-up pauses a service (ADR 8).
    assert gc.get_freeze_count() > 50_000
