"""notification's event use cases against the in-memory store: what is remembered, which emails are queued to
whom, and what is staged in the outbox. Milliseconds each; tests/integration/notification proves the adapters."""
from __future__ import annotations

import uuid
from typing import Any

import pytest

from services.notification.domain.message import deterministic_message_id
from services.notification.use_cases.acknowledge import when_enquiry_submitted_acknowledge
from services.notification.use_cases.announce_closure import when_case_closed_announce_closure
from services.notification.use_cases.erase import when_erasure_requested_erase
from services.notification.use_cases.forward_question import when_information_requested_forward_question
from services.notification.use_cases.introduce import when_introduction_approved_introduce
from services.notification.use_cases.queueing import RecipientsNotKnownYet
from services.notification.use_cases.remind_reassessment import when_reassessment_due_remind
from services.notification.use_cases.tell_assignee import when_case_claimed_tell_assignee
from services.notification.use_cases.update_contact import when_enquiry_amended_update_contact
from services.notification.use_cases.warn_leads import when_case_escalated_warn_leads
from shared.contracts import subjects
from shared.contracts.envelope import new_envelope
from shared.contracts.gdpr import ErasureRequestedV1
from shared.messaging.consumer import PermanentError
from shared.taxonomy import load_partner_directory
from tests.integration.notification import events

from .fakes import ERASED, FakeNotificationStore

pytestmark = pytest.mark.unit

CONTACT = "kontakt@defence-nrw.example"
DOMAIN = "onboarding.defence-nrw.example"
FORM = "https://portal.defence-nrw.example/"
ADDRESSING: dict[str, Any] = {"contact_address": CONTACT, "message_id_domain": DOMAIN}
DIRECTORY = load_partner_directory()


async def submitted(store: FakeNotificationStore, **kw: Any) -> Any:
    envelope = events.submitted(**kw)
    await when_enquiry_submitted_acknowledge(envelope, store, **ADDRESSING)
    return envelope


async def test_a_submitted_enquiry_is_remembered_and_acknowledged_once() -> None:
    store = FakeNotificationStore()
    sub = await submitted(store, language="en", email="j.smith@precision.example")
    await when_enquiry_submitted_acknowledge(sub, store, **ADDRESSING)  # redelivered: nothing new

    revision, contact = store.recipients[sub.payload.enquiry_id]
    assert (revision, contact.contact_email, contact.language) == (1, "j.smith@precision.example", "en")
    email = store.emails.one(template="acknowledgement")
    assert (email.recipient, email.recipient_role, email.language, email.status) == (
        "j.smith@precision.example", "company", "en", "pending")
    assert email.message_id == deterministic_message_id(
        event_id=str(sub.event_id), recipient_role="company", recipient="j.smith@precision.example",
        template="acknowledgement", domain=DOMAIN)
    assert (email.correlation_id, email.enquiry_id) == (sub.payload.reference, sub.payload.enquiry_id)
    assert email.context["status_url"] == sub.payload.status_url and email.context["contact_address"] == CONTACT
    assert store.outbox.subjects == []


async def test_an_amendment_updates_the_contact_unless_it_is_older() -> None:
    store = FakeNotificationStore()
    sub = await submitted(store, email="old@firma.example")
    await when_enquiry_amended_update_contact(events.amended(sub, email="new@firma.example", language="en",
                                                             revision=3), store)
    await when_enquiry_amended_update_contact(events.amended(sub, email="stale@firma.example", language="de",
                                                             revision=2), store)
    revision, contact = store.recipients[sub.payload.enquiry_id]
    assert (revision, contact.contact_email, contact.language) == (3, "new@firma.example", "en")
    assert len(store.emails.rows) == 1  # an amendment sends nothing


async def test_an_amendment_before_its_submission_is_tried_again_later() -> None:
    store = FakeNotificationStore()
    with pytest.raises(RecipientsNotKnownYet):
        await when_enquiry_amended_update_contact(
            events.amended(events.submitted(), email="new@firma.example", language="en"), store)
    assert store.recipients == {}


async def test_a_question_goes_to_the_company_in_its_language() -> None:
    store = FakeNotificationStore()
    sub = events.submitted(language="de")
    info = events.info_requested(sub, question="Welche Losgrößen?")
    with pytest.raises(RecipientsNotKnownYet):  # the question overtook the submission
        await when_information_requested_forward_question(info, store, **ADDRESSING)
    await when_enquiry_submitted_acknowledge(sub, store, **ADDRESSING)
    await when_information_requested_forward_question(info, store, **ADDRESSING)
    email = store.emails.one(template="information_request")
    assert (email.recipient, email.language, email.event_id) == (str(sub.payload.contact.email), "de", info.event_id)
    assert email.context["question"] == "Welche Losgrößen?" and email.context["deadline"] == "2026-12-14"
    assert email.context["amend_url"] == sub.payload.status_url


async def test_an_introduction_writes_to_the_company_and_to_each_partner_from_the_directory() -> None:
    store = FakeNotificationStore()
    sub = await submitted(store)
    intro = events.introduction(sub, partner_ids=["aerospace-nrw", "automotiveland-nrw"])
    await when_introduction_approved_introduce(intro, store, directory=DIRECTORY, **ADDRESSING)
    company = store.emails.one(template="introduction_company")
    names = {p.id: p.name for p in DIRECTORY.partners}
    assert [p["name"] for p in company.context["partners"]] == [names["aerospace-nrw"], names["automotiveland-nrw"]]
    partners = store.emails.where(template="introduction_partner")
    assert sorted(e.recipient for e in partners) == ["introductions@aerospace-nrw.example",
                                                     "introductions@automotiveland-nrw.example"]
    assert {e.recipient_role for e in partners} == {"partner"}
    assert all("register_number" not in e.context["company"] for e in partners)  # only the consented summary


async def test_an_introduction_to_an_unknown_partner_is_a_dead_letter_at_once() -> None:
    store = FakeNotificationStore()
    sub = await submitted(store)
    with pytest.raises(PermanentError, match="not in the partner directory"):
        await when_introduction_approved_introduce(events.introduction(sub, partner_ids=["no-such-partner"]), store,
                                                   directory=DIRECTORY, **ADDRESSING)
    assert store.emails.where(template="introduction_company") == []


async def test_a_closure_is_announced_only_when_the_advisor_chose_to() -> None:
    store = FakeNotificationStore()
    sub = await submitted(store, language="en")
    await when_case_closed_announce_closure(events.closed(sub, notify_company=False), store, enquiry_form_url=FORM,
                                            **ADDRESSING)
    assert store.emails.where(template="closure") == []
    await when_case_closed_announce_closure(events.closed(sub), store, enquiry_form_url=FORM, **ADDRESSING)
    email = store.emails.one(template="closure")
    assert email.context["reason"] == "Your enquiry does not currently match what DEFENCE.NRW offers."
    assert email.context["enquiry_url"] == FORM


async def test_an_escalation_warns_each_lead_in_the_leads_language() -> None:
    store = FakeNotificationStore()
    escalated = events.escalated(events.submitted(), leads=[("lead.de@defence-nrw.example", "Jonas", "de"),
                                                            ("lead.en@defence-nrw.example", "Jane", "en")])
    await when_case_escalated_warn_leads(escalated, store, **ADDRESSING)  # needs no recipients row
    assert sorted((e.recipient, e.language, e.recipient_role) for e in store.emails.where(template="sla_escalation")
                  ) == [("lead.de@defence-nrw.example", "de", "lead"), ("lead.en@defence-nrw.example", "en", "lead")]


async def test_erasure_forgets_recipients_and_content_and_answers_intake() -> None:
    store = FakeNotificationStore()
    sub = await submitted(store)
    other = await submitted(store)
    await when_information_requested_forward_question(events.info_requested(sub), store, **ADDRESSING)
    store.emails.one(template="acknowledgement", enquiry_id=sub.payload.enquiry_id).status = "sent"
    store.messaging_rows = [sub.payload.reference, sub.payload.reference, other.payload.reference]
    request = ErasureRequestedV1(request_id=uuid.uuid4(), enquiry_ids=[sub.payload.enquiry_id],
                                 references=[sub.payload.reference])
    envelope = new_envelope(request, subject=subjects.ERASURE_REQUESTED, producer="intake",
                            correlation_id=f"erasure-{request.request_id}")

    await when_erasure_requested_erase(envelope, store)

    assert list(store.recipients) == [other.payload.enquiry_id]
    erased = store.emails.where(enquiry_id=sub.payload.enquiry_id)
    assert {(e.template, e.status) for e in erased} == {("acknowledgement", "sent"), ("information_request", "failed")}
    assert all(e.recipient == ERASED and e.context == {} for e in erased)
    assert store.emails.one(enquiry_id=other.payload.enquiry_id).recipient != ERASED
    assert store.messaging_rows == [other.payload.reference]
    answer = store.outbox.only(subjects.ERASURE_COMPLETED["notification"])
    assert (answer.payload.request_id, answer.payload.service, answer.payload.items_erased) == (
        request.request_id, "notification", 1 + 2 + 2)
    assert answer.envelope.causation_id == envelope.event_id


async def test_a_due_reassessment_reminds_the_advisors_and_invites_only_a_consenting_company() -> None:
    store = FakeNotificationStore()
    sub = await submitted(store, language="en", email="j.smith@precision.example")
    due = events.reassessment_due(sub, advisors=[("anna@defence-nrw.example", "Anna", "de")], invite_company=True)
    await when_reassessment_due_remind(due, store, **ADDRESSING)
    await when_reassessment_due_remind(due, store, **ADDRESSING)  # redelivered: nothing new
    reminder = store.emails.one(template="reassessment_reminder")
    assert (reminder.recipient, reminder.recipient_role, reminder.language) == (
        "anna@defence-nrw.example", "advisor", "de")
    assert reminder.context["invited"] is True and reminder.context["due_on"] == "2027-05-18"
    invitation = store.emails.one(template="reassessment_invitation")
    assert (invitation.recipient, invitation.recipient_role, invitation.language) == (
        "j.smith@precision.example", "company", "en")
    assert invitation.context["update_url"] == sub.payload.status_url

    quiet = await submitted(store)
    await when_reassessment_due_remind(events.reassessment_due(
        quiet, advisors=[("lead@defence-nrw.example", "Lena", "en")], invite_company=False), store, **ADDRESSING)
    assert not store.emails.where(template="reassessment_invitation", enquiry_id=quiet.payload.enquiry_id)
    assert store.emails.one(template="reassessment_reminder", enquiry_id=quiet.payload.enquiry_id).context[
        "invited"] is False


async def test_an_assignment_tells_the_assignee_in_their_language_but_a_self_claim_does_not() -> None:
    store = FakeNotificationStore()
    sub = await submitted(store, language="de")
    auto = events.assigned(sub, assignee=("ben@defence-nrw.example", "Ben", "en"), by="auto")
    await when_case_claimed_tell_assignee(auto, store, **ADDRESSING)
    await when_case_claimed_tell_assignee(auto, store, **ADDRESSING)  # redelivered: nothing new
    email = store.emails.one(template="case_assigned")
    assert (email.recipient, email.recipient_role, email.language) == ("ben@defence-nrw.example", "advisor", "en")
    assert email.context["assigned_by"] == "auto" and email.context["case_url"] == "http://127.0.0.1:8002/cases/x"
    await when_case_claimed_tell_assignee(events.assigned(sub, assignee=None, by="self"), store, **ADDRESSING)
    assert len(store.emails.where(template="case_assigned")) == 1


async def test_an_invitation_waits_for_the_company_contact() -> None:
    store = FakeNotificationStore()
    due = events.reassessment_due(events.submitted(), advisors=[], invite_company=True)
    with pytest.raises(RecipientsNotKnownYet):
        await when_reassessment_due_remind(due, store, **ADDRESSING)
    assert store.emails.rows == []
