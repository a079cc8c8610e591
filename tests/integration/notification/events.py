"""Builders for the events notification consumes, with realistic defaults; each test overrides what it names."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from shared.contracts import advisory as adv
from shared.contracts import subjects
from shared.contracts.envelope import Envelope, new_envelope
from shared.contracts.intake import CompanyProfile, Consents, ContactPerson, EnquiryAmendedV1, EnquirySubmittedV1

PORTAL = "https://portal.defence-nrw.example"


def reference() -> str:
    return "DN-2026-" + uuid.uuid4().hex[:6].upper()


def profile(company_name: str) -> CompanyProfile:
    return CompanyProfile.model_validate({
        "company": {"name": company_name, "legal_form": "GmbH", "kreis": "Solingen", "headcount": 180,
                    "sector_of_origin": "automotive"},
        "competences": [{"field": "CF02", "proficiency": 2}],
        "compliance": {"export_officer_named": False, "internal_compliance_programme": False,
                       "goods_classified": False, "exports_outside_eu": False, "us_controlled_content": "no",
                       "geheimschutz_status": "none", "willing_to_enter_geheimschutz": False,
                       "war_weapon_relevance": "none"},
        "capacity": {"free_capacity_percent": 20, "mrl": 6},
        "market_access": {"defence_market_access": "none"},
    })


def submitted(*, language: str = "de", email: str = "k.wallmeier@klingenberg.example",
              name: str = "Dr. Katrin Wallmeier", company: str = "Klingenberg Präzisionsteile GmbH",
              ref: str | None = None) -> Envelope[Any]:
    ref = ref or reference()
    payload = EnquirySubmittedV1(
        enquiry_id=uuid.uuid4(), reference=ref, company_id=uuid.uuid4(),
        status_url=f"{PORTAL}/status/{uuid.uuid4().hex}", profile=profile(company),
        contact=ContactPerson(name=name, email=email, language=language),
        consents=Consents(processing=True, no_classified_information=True, text_version="2026-01"),
    )
    return new_envelope(payload, subject=subjects.ENQUIRY_SUBMITTED, producer="intake", correlation_id=ref)


def amended(sub: Envelope[Any], *, email: str, language: str, revision: int = 2) -> Envelope[Any]:
    p = sub.payload
    payload = EnquiryAmendedV1(enquiry_id=p.enquiry_id, reference=p.reference, revision=revision, profile=p.profile,
                               contact=ContactPerson(name=p.contact.name, email=email, language=language),
                               consents=p.consents)
    return new_envelope(payload, subject=subjects.ENQUIRY_AMENDED, producer="intake", correlation_id=p.reference)


def _advisory(payload: Any, subject: str, ref: str) -> Envelope[Any]:
    return new_envelope(payload, subject=subject, producer="advisory", correlation_id=ref)


def info_requested(sub: Envelope[Any], *, question: str = "Welche Losgrößen fertigen Sie typischerweise?",
                   enquiry_id: uuid.UUID | None = None) -> Envelope[Any]:
    payload = adv.InformationRequestedV1(case_id=uuid.uuid4(), enquiry_id=enquiry_id or sub.payload.enquiry_id,
                                         request_id=uuid.uuid4(), question=question,
                                         respond_by=date(2026, 12, 14))
    return _advisory(payload, subjects.INFO_REQUESTED, sub.payload.reference)


def introduction(sub: Envelope[Any], *, partner_ids: list[str], shared_profile: dict[str, object] | None = None,
                 ) -> Envelope[Any]:
    partners = [adv.IntroducedPartner(introduction_id=uuid.uuid4(), partner_id=pid, partner_name=pid,
                                      accept_url=f"{PORTAL}/introductions/{pid}/accept",
                                      decline_url=f"{PORTAL}/introductions/{pid}/decline") for pid in partner_ids]
    shared = shared_profile if shared_profile is not None else {
        "name": sub.payload.profile.company.name, "kreis": "Solingen", "competences": ["Aluminium-Druckguss"],
        "register_number": "HRB 4711 (not consented to be shown: not a summary field)"}
    payload = adv.IntroductionApprovedV1(case_id=uuid.uuid4(), enquiry_id=sub.payload.enquiry_id, partners=partners,
                                         shared_profile=shared)
    return _advisory(payload, subjects.INTRODUCTION_APPROVED, sub.payload.reference)


def closed(sub: Envelope[Any], *, reason_text: str = "", notify_company: bool = True) -> Envelope[Any]:
    payload = adv.CaseClosedV1(case_id=uuid.uuid4(), enquiry_id=sub.payload.enquiry_id, reason_code="not_eligible",
                               reason_text=reason_text, notify_company=notify_company)
    return _advisory(payload, subjects.CASE_CLOSED, sub.payload.reference)


def escalated(sub: Envelope[Any], *, leads: list[tuple[str, str, str]]) -> Envelope[Any]:
    payload = adv.CaseEscalatedV1(
        case_id=uuid.uuid4(), enquiry_id=sub.payload.enquiry_id, reference=sub.payload.reference, level="breach",
        sla_due_at=datetime.now(UTC) - timedelta(hours=1), case_url="http://127.0.0.1:8002/cases/x",
        leads=[adv.LeadRecipient(email=e, name=n, language=lang) for e, n, lang in leads])
    return _advisory(payload, subjects.CASE_ESCALATED, sub.payload.reference)


def assigned(sub: Envelope[Any], *, assignee: tuple[str, str, str] | None, by: str = "auto") -> Envelope[Any]:
    payload = adv.CaseClaimedV1(
        case_id=uuid.uuid4(), enquiry_id=sub.payload.enquiry_id, assignee_id=uuid.uuid4(), assigned_by=by,
        reference=sub.payload.reference, case_url="http://127.0.0.1:8002/cases/x",
        assignee=adv.LeadRecipient(email=assignee[0], name=assignee[1], language=assignee[2]) if assignee else None)
    return _advisory(payload, subjects.CASE_CLAIMED, sub.payload.reference)


def reassessment_due(sub: Envelope[Any], *, advisors: list[tuple[str, str, str]], invite_company: bool,
                     ) -> Envelope[Any]:
    payload = adv.ReassessmentDueV1(
        case_id=uuid.uuid4(), enquiry_id=sub.payload.enquiry_id, reference=sub.payload.reference,
        due_on=date(2027, 5, 18), set_by="assessment", case_url="http://127.0.0.1:8002/cases/x",
        advisors=[adv.LeadRecipient(email=e, name=n, language=lang) for e, n, lang in advisors],
        invite_company=invite_company)
    return _advisory(payload, subjects.REASSESSMENT_DUE, sub.payload.reference)


def result_released(sub: Envelope[Any], *, revision: int = 1) -> Envelope[Any]:
    payload = adv.ResultReleasedV1(case_id=uuid.uuid4(), enquiry_id=sub.payload.enquiry_id,
                                   assessment_revision=revision, taxonomy_version="2026.2",
                                   readiness=[adv.ReleasedCriterion(criterion="R3", score=0)],
                                   open_items=["name_export_control_officer"])
    return _advisory(payload, subjects.RESULT_RELEASED, sub.payload.reference)
