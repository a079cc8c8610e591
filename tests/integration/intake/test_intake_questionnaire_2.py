"""Questionnaire 2 on a real database and NATS (issue 15 item 5): the facts a company gives in the guided form reach
the published event with `questionnaire: 2`, the consent "all suitable partners" is recorded, and the JSON API
still takes the first form's body while refusing contradictions with problem+json."""
from __future__ import annotations

import pytest

from tests.support.test_data import unique_enquiry

from .conftest import Intake
from .test_intake_guided_form import fill_steps, open_form

pytestmark = pytest.mark.asyncio

NEW_FACTS = {
    "company": {"annual_turnover_eur_m": 12.5, "balance_sheet_total_eur_m": 8.0, "founded_year": 2019,
                "further_nrw_sites": ["Kreis Mettmann", "Wuppertal"], "ncage_status": "applied", "ncage": None,
                "sector_of_origin": "textiles"},
    "compliance": {"screening_in_place": True, "general_licences_used": True, "knows_vsnfd_rules": True,
                   "security_officer_appointed": True, "export_destinations": ["eu", "north_america"]},
    "capacity": {"mrl": None, "free_capacity_percent": None},
    "quality_practices": {"configuration_management": True, "first_article_inspection": True,
                          "counterfeit_prevention": False},
    "information_security": {"documented_isms": True, "grundschutz_check": False, "vsnfd_approved_it": False},
    "consents": {"share_with_all_suitable": True, "share_with_partners": []},
    "funding_interests": ["exist", "eic"],
}


def with_new_facts(body: dict) -> dict:
    for section, facts in NEW_FACTS.items():
        if isinstance(facts, dict):
            body[section] = {**body.get(section, {}), **facts}
        else:
            body[section] = facts
    return body


async def published_profile(intake: Intake) -> tuple[dict, dict]:
    async with intake.pool.acquire() as conn:
        payload = await conn.fetchval("SELECT envelope->'payload' FROM outbox WHERE subject ="
                                      " 'intake.enquiry.submitted.v1'")
        consent = await conn.fetchrow("SELECT share_with_all_suitable, share_with_partners FROM consent_records")
    return payload, dict(consent)


async def test_the_guided_form_carries_every_new_fact_into_the_event(intake: Intake) -> None:
    csrf = await open_form(intake)
    body = with_new_facts(unique_enquiry())
    await fill_steps(intake, body, csrf)
    check = await intake.client.get("/anfrage/pruefen?lang=de")
    assert "Kreis Mettmann" in check.text and "Beantragt" in check.text and "Weiß ich nicht" in check.text
    assert "An alle Partner, die nach unserer Prüfung zu Ihnen passen" in check.text
    r = await intake.client.post("/anfrage/absenden", data={"lang": "de", "csrf_token": csrf})
    assert r.status_code == 200, r.text[:2000]
    payload, consent = await published_profile(intake)
    profile = payload["profile"]
    assert profile["questionnaire"] == 2
    assert {k: profile["company"][k] for k in NEW_FACTS["company"]} == NEW_FACTS["company"]
    assert {k: profile["compliance"][k] for k in NEW_FACTS["compliance"]} == NEW_FACTS["compliance"]
    assert profile["capacity"]["mrl"] is None and profile["capacity"]["free_capacity_percent"] is None
    assert profile["quality_practices"] == NEW_FACTS["quality_practices"]
    assert profile["information_security"] == NEW_FACTS["information_security"]
    assert profile["funding_interests"] == ["exist", "eic"]
    assert payload["consents"]["share_with_all_suitable"] is True
    assert consent == {"share_with_all_suitable": True, "share_with_partners": []}


async def test_the_api_takes_the_first_forms_body_and_stamps_questionnaire_2(intake: Intake) -> None:
    r = await intake.client.post("/api/v1/enquiries", json=unique_enquiry())
    assert r.status_code == 202, r.text
    payload, consent = await published_profile(intake)
    assert payload["profile"]["questionnaire"] == 2 and consent["share_with_all_suitable"] is False


@pytest.mark.parametrize(("change", "field", "error_type"), [
    ({"company": {"ncage_status": "applied", "ncage": "C1234"}}, "company.ncage_status", "ncage_status_mismatch"),
    ({"company": {"further_nrw_sites": ["Wuppertal", "Atlantis"]}}, "company.further_nrw_sites.1", "unknown_kreis"),
    ({"questionnaire": 1}, "questionnaire", "literal_error"),
])
async def test_the_api_refuses_contradictions_and_stores_nothing(intake: Intake, change: dict, field: str,
                                                                 error_type: str) -> None:
    body = unique_enquiry()
    for key, value in change.items():
        body[key] = {**body[key], **value} if isinstance(value, dict) else value
    r = await intake.client.post("/api/v1/enquiries", json=body)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert {"field": field, "type": error_type} in [{"field": e["field"], "type": e["type"]}
                                                    for e in r.json()["errors"]], r.json()
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM enquiries") == 0
