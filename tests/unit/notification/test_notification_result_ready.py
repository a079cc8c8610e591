"""The "your result is ready" email (issue 15 item 6): once per release, to the company, in its language, with its
private status link; rendered in German and English."""
from __future__ import annotations

import uuid
from typing import Any

import pytest

from services.notification.presentation.rendering import render
from services.notification.use_cases.acknowledge import when_enquiry_submitted_acknowledge
from services.notification.use_cases.announce_result import when_result_released_announce
from shared.contracts import subjects
from shared.contracts.advisory import ResultReleasedV1
from shared.contracts.envelope import new_envelope
from tests.integration.notification import events

from .fakes import FakeNotificationStore

pytestmark = pytest.mark.unit
ADDRESSING: dict[str, Any] = {"contact_address": "kontakt@defence-nrw.example",
                              "message_id_domain": "onboarding.defence-nrw.example"}


@pytest.mark.parametrize("language", ["de", "en"])
async def test_a_released_result_emails_the_company_its_status_link_once(language: str) -> None:
    store = FakeNotificationStore()
    sub = events.submitted(language=language, email="k.wallmeier@klingenberg.example")
    await when_enquiry_submitted_acknowledge(sub, store, **ADDRESSING)
    released = new_envelope(
        ResultReleasedV1(case_id=uuid.uuid4(), enquiry_id=sub.payload.enquiry_id, assessment_revision=1,
                         taxonomy_version="2026.2"),
        subject=subjects.RESULT_RELEASED, producer="advisory", correlation_id=sub.payload.reference)
    await when_result_released_announce(released, store, **ADDRESSING)
    await when_result_released_announce(released, store, **ADDRESSING)  # redelivered: nothing new
    email = store.emails.one(template="result_ready")
    assert (email.recipient, email.recipient_role, email.language) == (
        "k.wallmeier@klingenberg.example", "company", language)
    assert email.context["status_url"] == sub.payload.status_url
    rendered = render("result_ready", language, email.context)
    text = rendered.text + rendered.html
    assert sub.payload.status_url.split("?")[0] in text
    assert ("Ihr Ergebnis" in text or "Ergebnis der Kompetenzeinschätzung" in text) if language == "de" else \
        "Your advisor has released the result" in text
