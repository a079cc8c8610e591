"""The consent to be invited to a re-assessment (issue 17): strict on the API, one checkbox on the form, and the
invitation that lets the company update its answers."""
from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from services.intake.domain.form_mapping import map_form
from services.intake.domain.status import EnquiryStatus
from services.intake.domain.submission import EnquirySubmission
from services.intake.use_cases import follow_progress as progress
from services.intake.use_cases.amend import amend_enquiry
from services.intake.use_cases.submit import submit_enquiry
from shared.contracts import subjects
from shared.contracts.advisory import CaseClosedV1, ReassessmentDueV1
from shared.contracts.envelope import new_envelope
from shared.strict_json import wrong_types
from tests.support.test_data import unique_enquiry

from .fakes import FakeIntakeStore, FakeUnitOfWork, FrozenClock


def _submission(**consents: Any) -> EnquirySubmission:
    body = unique_enquiry()
    body["consents"].update(consents)
    return EnquirySubmission.model_validate(body)


async def _submitted(store: FakeIntakeStore, sent: EnquirySubmission) -> uuid.UUID:
    accepted = await submit_enquiry(FakeUnitOfWork(store), sent, idempotency_key=None, source="api", clock=store.clock,
                                    status_url=lambda eid: f"http://intake.test/status/{eid}")
    return accepted.enquiry_id


def _due(enquiry_id: uuid.UUID, *, invite: bool, due_on: date, clock: FrozenClock) -> Any:
    payload = ReassessmentDueV1(case_id=uuid.uuid4(), enquiry_id=enquiry_id, reference="DN-2026-AAAAAA",
                                due_on=due_on, set_by="assessment", case_url="http://advisory.test/cases/x",
                                invite_company=invite)
    return new_envelope(payload, subject=subjects.REASSESSMENT_DUE, producer="advisory", correlation_id="DN-TEST",
                        occurred_at=clock.now())


def test_the_consent_is_optional_and_false_by_default() -> None:
    assert _submission().consents.reassessment_contact is False
    assert _submission(reassessment_contact=True).consents.reassessment_contact is True


def test_the_api_accepts_only_a_json_boolean() -> None:
    schema = EnquirySubmission.model_json_schema()
    for wrong in ("true", 1, "yes"):
        body = unique_enquiry()
        body["consents"]["reassessment_contact"] = wrong
        errors = wrong_types(body, schema, schema.get("$defs", {}))
        assert [e.field for e in errors] == ["consents.reassessment_contact"], wrong


def test_the_form_checkbox_maps_to_the_consent() -> None:
    assert map_form({"consents.reassessment_contact": ["on"]}).data["consents"]["reassessment_contact"] is True
    assert map_form({}).data["consents"]["reassessment_contact"] is False


@pytest.fixture
def store() -> FakeIntakeStore:
    return FakeIntakeStore(FrozenClock())


async def test_an_invitation_lets_the_company_update_its_answers_and_its_amendment_clears_it(
        store: FakeIntakeStore) -> None:
    enquiry_id = await _submitted(store, _submission(reassessment_contact=True))
    store.clock.advance(timedelta(days=1))
    closed = new_envelope(CaseClosedV1(case_id=uuid.uuid4(), enquiry_id=enquiry_id, reason_code="other"),
                          subject=subjects.CASE_CLOSED, producer="advisory", correlation_id="DN-TEST",
                          occurred_at=store.clock.now())
    await progress.when_case_closed_show_closed(closed, store)
    store.clock.advance(timedelta(days=180))
    due_on = store.clock.now().date()
    await progress.when_reassessment_due_invite_company(_due(enquiry_id, invite=True, due_on=due_on,
                                                             clock=store.clock), store)
    enquiry = store.enquiries[enquiry_id]
    assert enquiry.status == EnquiryStatus.WAITING_FOR_YOU and enquiry.reassessment_invited_for == due_on

    store.clock.advance(timedelta(days=2))
    amended = await amend_enquiry(FakeUnitOfWork(store), enquiry_id, _submission(reassessment_contact=True),
                                  clock=store.clock)
    assert amended.revision == 2 and store.outbox.subjects[-1] == subjects.ENQUIRY_AMENDED
    assert enquiry.status == EnquiryStatus.WITH_ADVISOR and enquiry.reassessment_invited_for is None


async def test_without_consent_the_event_changes_nothing(store: FakeIntakeStore) -> None:
    enquiry_id = await _submitted(store, _submission())
    store.clock.advance(timedelta(days=1))
    await progress.when_reassessment_due_invite_company(_due(enquiry_id, invite=False, due_on=date(2026, 9, 1),
                                                             clock=store.clock), store)
    enquiry = store.enquiries[enquiry_id]
    assert enquiry.status == EnquiryStatus.RECEIVED and enquiry.reassessment_invited_for is None

