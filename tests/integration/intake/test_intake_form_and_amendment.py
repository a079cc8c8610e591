"""The web form and the amendment flow on a real database and NATS."""
from __future__ import annotations

import json
import re
import uuid
from datetime import date
from zoneinfo import ZoneInfo

from services.intake.domain.form_prefill import form_values
from shared.contracts import subjects
from shared.contracts.advisory import InformationRequestedV1
from tests.integration.shared.helpers import jetstream, messages_on
from tests.support.test_data import unique_enquiry
from tests.support.waiting import eventually

from .conftest import Intake
from .test_intake_status_events import decision_time, publish_and_wait


def as_form(body: dict, **extra: str) -> dict[str, list[str]]:
    """What a browser posts for `body` (the prefill mapping is the inverse of the form mapping)."""
    return form_values(body) | {k: [v] for k, v in extra.items()}


async def count(intake: Intake, table: str) -> int:
    async with intake.pool.acquire() as conn:
        return await conn.fetchval(f"SELECT count(*) FROM {table}")


async def test_double_submitted_form_creates_one_enquiry_with_form_consent(intake: Intake) -> None:
    # GET / starts the guided form (issue 15); POST / still takes the whole form in one post, as before.
    start = await intake.client.get("/")
    assert start.status_code == 303 and start.headers["location"] == "/anfrage/unternehmen?lang=de"
    data = as_form(unique_enquiry(), form_token=uuid.uuid4().hex, lang="de")
    first = await intake.client.post("/", data=data)
    second = await intake.client.post("/", data=data)
    assert first.status_code == second.status_code == 200, first.text
    reference = re.search(r'class="reference" id="reference">(DN-\d{4}-\w{6})<', first.text).group(1)
    assert reference in second.text and "Vielen Dank" in first.text
    assert await count(intake, "enquiries") == 1
    async with intake.pool.acquire() as conn:
        assert await conn.fetchval("SELECT source FROM consent_records") == "form"


async def test_invalid_form_keeps_input_shows_german_errors_and_stores_nothing(intake: Intake) -> None:
    body = unique_enquiry()
    body["contact"]["email"] = "keine-adresse"
    data = as_form(body, lang="de")
    del data["consents.processing"]
    r = await intake.client.post("/", data=data)
    assert r.status_code == 422
    assert 'id="f-contact-email-error"' in r.text and "gültige E-Mail-Adresse" in r.text
    assert 'href="#f-consents-processing"' in r.text and "Einwilligung" in r.text
    assert f'value="{body["company"]["name"]}"' in r.text, "the input is kept"
    assert await count(intake, "enquiries") == 0 and await count(intake, "outbox") == 0


async def test_filled_honeypot_answers_exactly_like_a_real_submission_and_stores_nothing(intake: Intake) -> None:
    bot = await intake.client.post("/", data=as_form(unique_enquiry(), website_confirm="http://spam.example"))
    assert bot.status_code == 200
    reference = re.search(r"DN-\d{4}-[0-9A-HJKMNP-TV-Z]{6}", bot.text).group(0)  # type: ignore[union-attr]
    link = re.search(r'id="status-link">([^<]+)<', bot.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    path = link.removeprefix(intake.settings.public_base_url)
    page = await intake.client.get(path)  # the decoy's status link shows a normal "received" page
    assert page.status_code == 200 and reference in page.text and 'id="status">Eingegangen' in page.text
    api = await intake.client.post("/api/v1/enquiries", json={**unique_enquiry(), "website_confirm": "x"})
    assert api.status_code == 202 and set(api.json()) == {"enquiry_id", "reference", "status_url"}
    token = api.json()["status_url"].split("token=")[1]
    status = await intake.client.get(api.headers["location"], params={"token": token})
    assert status.status_code == 200 and status.json()["status"] == "received"
    assert status.json()["reference"] == api.json()["reference"]
    assert await count(intake, "enquiries") == 0 and await count(intake, "outbox") == 0
    hits = intake.deps.metrics.honeypot_hits  # recorded for operators: intake_honeypot_hits_total{source}
    assert [hits.labels(s)._value.get() for s in ("form", "api")] == [1, 1]


async def test_form_body_over_the_limit_is_refused_with_413_declared_or_streamed(intake: Intake) -> None:
    # The form posts to a URL with its language: a browser gets a page it can read, in that language.
    action = "/?lang=en"  # what a single-page form posts to (the guided form's steps post to /anfrage/<step>)
    big = "x" * (intake.settings.max_body_bytes + 10)
    declared = await intake.client.post(action, data={"message": big})
    assert declared.status_code == 413

    async def chunks():
        for _ in range(40):
            yield b"message=" + b"y" * 10_000 + b"&"

    streamed = await intake.client.post("/", content=chunks(),
                                        headers={"content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413
    assert declared.headers["content-type"].startswith("text/html") and "Request too large" in declared.text
    assert streamed.headers["content-type"].startswith("text/html") and "Anfrage zu groß" in streamed.text
    assert "content-security-policy" in declared.headers, "refusals carry the security headers too"
    api = await intake.client.post("/api/v1/enquiries", content=big.encode(),
                                   headers={"content-type": "application/json"})
    assert api.status_code == 413 and api.headers["content-type"] == "application/problem+json"
    assert await count(intake, "enquiries") == 0


async def test_company_answers_a_question_by_amending_and_the_amendment_is_published(intake: Intake) -> None:
    body = unique_enquiry()
    accepted = (await intake.client.post("/api/v1/enquiries", json=body)).json()
    eid = uuid.UUID(accepted["enquiry_id"])
    status_path = accepted["status_url"].removeprefix("http://intake.test")
    ask = InformationRequestedV1(case_id=uuid.uuid4(), enquiry_id=eid, request_id=uuid.uuid4(),
                                 question="Bitte nennen Sie Ihre Prüfeinrichtungen.", respond_by=date(2027, 3, 1))
    await publish_and_wait(intake, subjects.INFO_REQUESTED, ask, at=decision_time())
    status = await intake.client.get(status_path)
    assert "Wir warten auf Ihre Antwort" in status.text and "Bitte nennen Sie Ihre Prüfeinrichtungen." in status.text
    # Dates as a German reader writes them, times in Berlin time (not UTC).
    async with intake.pool.acquire() as conn:
        submitted = await conn.fetchval("SELECT submitted_at FROM enquiries WHERE id = $1", eid)
    berlin = submitted.astimezone(ZoneInfo("Europe/Berlin"))
    assert "01.03.2027" in status.text and f"{berlin:%d.%m.%Y, %H:%M} Uhr" in status.text and "UTC" not in status.text
    english = await intake.client.get(status_path + "&lang=en")
    assert "1 March 2027" in english.text and f"{berlin:%H:%M} (Berlin time)" in english.text
    amend_path = re.search(r'href="(/status/[^"]+/amend\?[^"]+)"', status.text).group(1).replace("&amp;", "&")
    form = await intake.client.get(amend_path)
    assert form.status_code == 200 and f'value="{body["company"]["name"]}"' in form.text, "prefilled"
    assert re.search(r'<form method="post" action="/status/[^"]+/amend\?token=[^"]+&amp;lang=de"', form.text)

    body["capacity"]["test_facilities"] = "Klimakammer -40/+85 °C, Schwingprüfstand"
    r = await intake.client.post(amend_path.split("&lang=")[0], data=as_form(body, lang="de"))
    assert r.status_code == 303 and "amended=1" in r.headers["location"]
    async with intake.pool.acquire() as conn:
        row = await conn.fetchrow("SELECT status, revision, open_question FROM enquiries WHERE id = $1", eid)
        revisions = await conn.fetch("SELECT revision, source FROM enquiry_revisions WHERE enquiry_id = $1"
                                     " ORDER BY revision", eid)
        event = await conn.fetchval("SELECT envelope FROM outbox WHERE subject = $1", subjects.ENQUIRY_AMENDED)
    assert dict(row) == {"status": "with_advisor", "revision": 2, "open_question": None}
    assert [(r["revision"], r["source"]) for r in revisions] == [(1, "submission"), (2, "amendment")]
    assert event["payload"]["revision"] == 2
    assert event["payload"]["profile"]["capacity"]["test_facilities"].startswith("Klimakammer")

    async def published() -> list:
        async with jetstream(intake.settings.nats_url) as js:
            found = await messages_on(js, subjects.ENQUIRY_AMENDED)
        return [m for _, m in found if json.loads(m)["payload"]["enquiry_id"] == str(eid)]

    assert len(await eventually(published, timeout=15, what="amended event on JetStream")) == 1
    # Posting the same amendment again changes nothing: nobody is waiting for it any more.
    again = await intake.client.post(amend_path.split("&lang=")[0], data=as_form(body, lang="de"))
    assert again.status_code == 303 and "amended" not in again.headers["location"]
    assert await count(intake, "enquiry_revisions") == 2


async def test_consent_must_be_given_strictly_over_the_api_and_the_form(intake: Intake) -> None:
    """Issue 19: a repeated key (the last one used to win), "true" or 1 no longer count as consent."""
    body = json.dumps(unique_enquiry())
    repeated = body.replace('"processing": true', '"processing": false, "processing": true')
    r = await intake.client.post("/api/v1/enquiries", content=repeated, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0] == {
        "field": "processing", "message": "duplicate key 'processing'", "type": "duplicate_key"}
    for loose in ('"true"', "1"):
        r = await intake.client.post("/api/v1/enquiries", content=body.replace('"processing": true',
                                                                               f'"processing": {loose}'),
                                     headers={"Content-Type": "application/json"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "consents.processing", loose
    form = as_form(unique_enquiry())
    form["consents.processing"] = ["false"]
    page = await intake.client.post("/", data=form)
    assert page.status_code == 422 and 'href="#f-consents-processing"' in page.text
    assert await count(intake, "enquiries") == 0


async def test_a_questionnaire_1_answer_no_longer_offered_opens_in_todays_terms(intake: Intake) -> None:
    """An enquiry of questionnaire 1 with the status "VS-NfD instructions known": the amendment form shows status
    "none" and "knows the VS-NfD rules" ticked, not an empty select."""
    accepted = (await intake.client.post("/api/v1/enquiries", json=unique_enquiry())).json()
    eid = uuid.UUID(accepted["enquiry_id"])
    async with intake.pool.acquire() as conn:  # as stored by the code of questionnaire 1
        await conn.execute(
            "UPDATE enquiries SET profile = jsonb_set(jsonb_set(profile, '{compliance,geheimschutz_status}',"
            " '\"vsnfd_instructions_known\"'), '{questionnaire}', '1') WHERE id = $1", eid)
    ask = InformationRequestedV1(case_id=uuid.uuid4(), enquiry_id=eid, request_id=uuid.uuid4(),
                                 question="Bitte ergänzen Sie Ihre Angaben zum Geheimschutz.",
                                 respond_by=date(2027, 3, 1))
    await publish_and_wait(intake, subjects.INFO_REQUESTED, ask, at=decision_time())
    status = await intake.client.get(accepted["status_url"].removeprefix("http://intake.test"))
    amend_path = re.search(r'href="(/status/[^"]+/amend\?[^"]+)"', status.text).group(1).replace("&amp;", "&")
    form = (await intake.client.get(amend_path)).text
    select = re.search(r'<select[^>]*name="compliance.geheimschutz_status".*?</select>', form, re.S).group(0)
    assert re.search(r'<option value="none"[^>]*selected', select), "status 'none' chosen"
    assert "vsnfd_instructions_known" not in select
    assert re.search(r'<input[^>]*name="compliance.knows_vsnfd_rules"[^>]*checked', form), "the fact ticked"
