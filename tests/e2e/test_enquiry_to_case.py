"""The whole flow on real processes: enquiry -> assessment -> case in the queue -> acknowledgement email."""
from __future__ import annotations

import copy
import email
import email.policy
import json
import uuid
from pathlib import Path

import httpx
import pytest

from devstack.stack import SERVICES
from tests.support.waiting import eventually

from .conftest import ADVISOR_EMAIL, ADVISOR_PASSWORD, mail_files

EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "enquiry.json").read_text())


def unique_example() -> dict:
    body = copy.deepcopy(EXAMPLE)
    tag = uuid.uuid4().hex[:8]
    body["company"]["name"] = f"{body['company']['name']} {tag}"
    body["company"]["register_number"] = f"HRB {tag}"
    body["company"]["vat_id"] = f"DE{uuid.uuid4().int % 10**9:09d}"
    body["company"]["website"] = f"https://{tag}.example"
    body["contact"]["email"] = f"contact-{tag}@example.com"
    return body


@pytest.fixture
async def advisor(stack) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=stack.url("advisory"), timeout=10)
    r = await client.post("/api/v1/session", json={"email": ADVISOR_EMAIL, "password": ADVISOR_PASSWORD})
    assert r.status_code == 200, r.text
    yield client
    await client.aclose()


async def test_enquiry_becomes_an_assessed_case_and_the_company_gets_one_acknowledgement(stack, advisor) -> None:
    body = unique_example()
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as intake:
        r = await intake.post("/api/v1/enquiries", json=body)
        assert r.status_code == 202, r.text
        accepted = r.json()
        assert set(accepted) == {"enquiry_id", "reference", "status_url"}
        assert accepted["reference"].startswith("DN-")

    async def case_with_assessment() -> dict | None:
        page = (await advisor.get("/api/v1/cases", params={"limit": 200})).json()
        match = [c for c in page["items"] if c["enquiry_id"] == accepted["enquiry_id"]]
        return match[0] if match and match[0]["band"] else None

    summary = await eventually(case_with_assessment, timeout=30, what="case with assessment in the queue")
    assert summary["status"] == "open" and summary["reference"] == accepted["reference"]
    detail = (await advisor.get(f"/api/v1/cases/{summary['id']}")).json()
    assessment = detail["assessment"]
    assert assessment["taxonomy_version"] and assessment["band"] in {"A", "B", "C"}
    assert {c["criterion"] for c in assessment["readiness"]} == {f"R{i}" for i in range(1, 8)}
    fit = {a["area"]: a for a in assessment["capability_fit"]}
    assert fit["CA01"]["score"] == 1.0 and fit["CA01"]["best_field"] == "CF01"  # CF01 at proficiency 3
    assert all(a["reason"] for a in assessment["capability_fit"])

    def ack_mails() -> list[email.message.EmailMessage]:
        found = []
        for path in mail_files(stack):
            msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if msg["To"] == body["contact"]["email"]:
                found.append(msg)
        return found

    async def one_ack() -> list:
        return ack_mails()

    mails = await eventually(one_ack, timeout=30, what="acknowledgement email in the SMTP sink")
    assert len(mails) == 1
    assert accepted["reference"] in mails[0]["Subject"]
    text = mails[0].get_body(preferencelist=("plain",)).get_content()
    assert accepted["status_url"] in text

    async def email_on_timeline() -> bool:
        d = (await advisor.get(f"/api/v1/cases/{summary['id']}")).json()
        return "email_sent" in {t["kind"] for t in d["timeline"]}

    await eventually(email_on_timeline, timeout=30, what="email_sent on the case timeline")

    async with httpx.AsyncClient(timeout=10) as client:
        status_api = (accepted["status_url"].replace("/status/", "/api/v1/enquiries/")
                      .replace("?token=", "/status?token="))

        async def status_moved_on() -> dict | None:
            # intake moves to "in assessment" when case.opened reaches it (ADR 12), which may follow the timeline
            status = (await client.get(status_api)).json()
            return status if status["status"] in {"in_assessment", "with_advisor"} else None

        status = await eventually(status_moved_on, timeout=30, what="status page past 'received'")
        assert status["reference"] == accepted["reference"]


async def test_same_idempotency_key_and_body_gives_the_same_answer_and_one_enquiry(stack, advisor) -> None:
    body = unique_example()
    key = uuid.uuid4().hex
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as intake:
        first = await intake.post("/api/v1/enquiries", json=body, headers={"Idempotency-Key": key})
        second = await intake.post("/api/v1/enquiries", json=body, headers={"Idempotency-Key": key})
        other = dict(body, message="a different message")
        third = await intake.post("/api/v1/enquiries", json=other, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    assert third.status_code == 409
    assert third.headers["content-type"].startswith("application/problem+json")


async def test_invalid_enquiry_is_refused_field_by_field_and_nothing_is_stored(stack, advisor) -> None:
    body = unique_example()
    body["company"]["name"] = ""
    body["competences"][0]["proficiency"] = 7
    body["consents"]["processing"] = False
    async with httpx.AsyncClient(base_url=stack.url("intake"), timeout=10) as intake:
        r = await intake.post("/api/v1/enquiries", json=body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"company.name", "competences.0.proficiency"} <= fields
    page = (await advisor.get("/api/v1/cases", params={"limit": 200, "status": "open"})).json()
    assert body["company"]["name"] not in {c["company_name"] for c in page["items"]}


async def test_every_service_reports_health_readiness_and_metrics(stack) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        for service in SERVICES:
            base = stack.url(service)
            assert (await client.get(f"{base}/health")).status_code == 200
            ready = await client.get(f"{base}/ready")
            assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok", "broker": "ok"}
            metrics = (await client.get(f"{base}/metrics")).text
            assert "outbox_pending" in metrics and "faststream_received_messages_total" in metrics


async def test_queue_requires_login(stack) -> None:
    async with httpx.AsyncClient(base_url=stack.url("advisory"), timeout=10) as anonymous:
        assert (await anonymous.get("/api/v1/cases")).status_code == 401
        wrong = await anonymous.post("/api/v1/session", json={"email": ADVISOR_EMAIL, "password": "wrong"})
        assert wrong.status_code == 401
