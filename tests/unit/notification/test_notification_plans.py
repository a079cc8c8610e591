"""Who gets which email: recipients come from trusted data only; partners see only the consented summary."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from services.notification.domain import plans
from services.notification.presentation.rendering import render
from shared.contracts import advisory as adv
from shared.taxonomy import load_partner_directory

pytestmark = pytest.mark.unit

DIRECTORY = load_partner_directory()
COMPANY = plans.CompanyContact(enquiry_id=uuid.uuid4(), reference="DN-2026-7K3F9Q", contact_email="k@firma.example",
                               contact_name="Katrin", language="en", company_name="Firma GmbH",
                               status_url="https://portal.example/status/abc")


def introduction(*partner_ids: str, shared: dict[str, object] | None = None) -> adv.IntroductionApprovedV1:
    return adv.IntroductionApprovedV1(
        case_id=uuid.uuid4(), enquiry_id=COMPANY.enquiry_id,
        partners=[adv.IntroducedPartner(introduction_id=uuid.uuid4(), partner_id=p, partner_name="ignored",
                                        accept_url="https://portal.example/a", decline_url="https://portal.example/d")
                  for p in partner_ids],
        shared_profile={"name": "Firma GmbH"} if shared is None else shared)


def test_every_plan_renders_with_its_template() -> None:
    info = adv.InformationRequestedV1(case_id=uuid.uuid4(), enquiry_id=COMPANY.enquiry_id, request_id=uuid.uuid4(),
                                      question="Losgrößen?", respond_by=date(2026, 12, 14))
    closed = adv.CaseClosedV1(case_id=uuid.uuid4(), enquiry_id=COMPANY.enquiry_id, reason_code="withdrawn")
    escalated = adv.CaseEscalatedV1(case_id=uuid.uuid4(), enquiry_id=COMPANY.enquiry_id, reference=COMPANY.reference,
                                    level="warning", sla_due_at=datetime(2026, 11, 30, tzinfo=UTC),
                                    case_url="https://advisor.example/cases/1",
                                    leads=[adv.LeadRecipient(email="lead@nrw.example", name="Jonas")])
    intents = [plans.acknowledgement(COMPANY, contact_address="c@nrw.example"),
               plans.information_request(info, COMPANY, contact_address="c@nrw.example"),
               *plans.introductions(introduction("aerospace-nrw", "zenit"), COMPANY, directory=DIRECTORY,
                                    contact_address="c@nrw.example"),
               *plans.closure(closed, COMPANY, contact_address="c@nrw.example", enquiry_form_url="https://x.example/"),
               *plans.escalation(escalated, contact_address="c@nrw.example")]
    assert [(i.template, i.recipient_role, i.recipient) for i in intents] == [
        ("acknowledgement", "company", COMPANY.contact_email),
        ("information_request", "company", COMPANY.contact_email),
        ("introduction_company", "company", COMPANY.contact_email),
        ("introduction_partner", "partner", "introductions@aerospace-nrw.example"),
        ("introduction_partner", "partner", "introductions@zenit.example"),
        ("closure", "company", COMPANY.contact_email),
        ("sla_escalation", "lead", "lead@nrw.example"),
    ]
    for intent in intents:
        render(intent.template, intent.language, intent.context)
    assert intents[1].context["amend_url"] == COMPANY.status_url
    assert intents[5].context["reason"] == "You withdrew your enquiry."  # default text in the company's language


def test_no_closure_email_when_the_company_is_not_to_be_notified() -> None:
    closed = adv.CaseClosedV1(case_id=uuid.uuid4(), enquiry_id=COMPANY.enquiry_id, reason_code="duplicate",
                              notify_company=False)
    assert plans.closure(closed, COMPANY, contact_address="c@x.example", enquiry_form_url="https://x.example/") == []


def test_partner_summary_holds_only_consented_summary_fields() -> None:
    summary = plans.company_summary({"name": "Firma", "kreis": "Köln", "competences": ["CNC", {"x": 1}],
                                     "vat_id": "DE123", "contact": {"email": "k@firma.example"}, "headcount": 12,
                                     "website": "javascript:alert(1)", "sector": True})
    assert summary == {"name": "Firma", "kreis": "Köln", "competences": ["CNC"], "headcount": 12}


@pytest.mark.parametrize("shared", [{}, {"kreis": "Köln"}, {"name": ["Firma"]}])
def test_introduction_without_a_shared_company_name_cannot_be_sent(shared: dict[str, object]) -> None:
    with pytest.raises(plans.CannotAddress):
        plans.introductions(introduction("zenit", shared=shared), COMPANY, directory=DIRECTORY,
                            contact_address="c@x.example")


def test_unknown_partner_cannot_be_addressed() -> None:
    with pytest.raises(plans.CannotAddress, match="not in the partner directory"):
        plans.introductions(introduction("no-such-partner"), COMPANY, directory=DIRECTORY,
                            contact_address="c@x.example")


def test_partner_names_and_focus_come_from_the_directory_not_the_event() -> None:
    intents = plans.introductions(introduction("zenit"), COMPANY, directory=DIRECTORY, contact_address="c@x.example")
    zenit = DIRECTORY.get("zenit")
    assert intents[0].context["partners"] == [{"name": zenit.name, "focus": zenit.focus}]
    assert intents[1].context["partner_name"] == zenit.name


def test_every_packaged_partner_has_a_fictional_example_address() -> None:
    assert all(str(p.contact_email).endswith(".example") for p in DIRECTORY.partners)
