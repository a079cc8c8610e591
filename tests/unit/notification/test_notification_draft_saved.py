"""The "continue your saved form" email (issue 15 item 2): once per save, to the address the company gave, in its
language, with the one active resume link and the expiry date; no enquiry needed."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from services.notification.presentation.rendering import render
from services.notification.use_cases.send_resume_link import when_draft_saved_send_resume_link
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.intake import DraftSavedV1

from .fakes import FakeNotificationStore

pytestmark = pytest.mark.unit
ADDRESSING: dict[str, Any] = {"contact_address": "kontakt@defence-nrw.example",
                              "message_id_domain": "onboarding.defence-nrw.example"}
LINK = "https://portal.example/anfrage/fortsetzen/q3Zk9vT1bX7yWc2LmN5pR8sA0dF4gH6jK?lang="


@pytest.mark.parametrize(("language", "expected"), [("de", "Der Link gilt bis zum"),
                                                    ("en", "The link is valid until")])
async def test_a_saved_draft_emails_its_resume_link_once(language: str, expected: str) -> None:
    store = FakeNotificationStore()
    saved = new_envelope(DraftSavedV1.model_validate({
        "draft_id": uuid.uuid4(), "reference": "DN-2026-7K3F9Q", "email": "j.kraemer@bergische.example",
        "language": language, "resume_url": LINK + language, "expires_at": datetime(2026, 4, 1, 9, tzinfo=UTC)}),
        subject=subjects.DRAFT_SAVED, producer="intake", correlation_id="DN-2026-7K3F9Q")
    await when_draft_saved_send_resume_link(saved, store, **ADDRESSING)
    await when_draft_saved_send_resume_link(saved, store, **ADDRESSING)  # redelivered: nothing new
    email = store.emails.one(template="draft_saved")
    assert (email.recipient, email.recipient_role, email.language) == ("j.kraemer@bergische.example", "company",
                                                                      language)
    rendered = render("draft_saved", language, email.context)
    assert LINK + language in rendered.text and expected in rendered.text
    assert "DN-2026-7K3F9Q" in rendered.subject
    assert ("Entwurf" in rendered.subject) == (language == "de")
