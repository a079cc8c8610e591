"""Which emails an event causes: template, language, recipient and context. Pure; no I/O.

Recipients come only from trusted data: the company contact stored from intake's validated events, partner
role addresses from the partner directory, team leads and advisors from advisory's escalation and re-assessment
events. Nothing here reads an address out of free text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.contracts.advisory import (
    CaseClaimedV1,
    CaseClosedV1,
    CaseEscalatedV1,
    InformationRequestedV1,
    IntroductionApprovedV1,
    ReassessmentDueV1,
)
from shared.contracts.intake import DraftSavedV1
from shared.taxonomy import PartnerDirectory

from .catalogue import COMPANY_SUMMARY_FIELDS, closure_reason
from .content import checked_link

# The answer the acknowledgement promises; matches the SLA for a normal-priority case.
RESPONSE_BUSINESS_DAYS = 5


class CannotAddress(ValueError):
    """The event names a partner we cannot write to, or lacks data the email needs; retrying will not help."""


@dataclass(frozen=True)
class CompanyContact:
    """The `recipients` row of an enquiry."""

    enquiry_id: Any
    reference: str
    contact_email: str
    contact_name: str
    language: str
    company_name: str
    status_url: str


@dataclass(frozen=True)
class EmailIntent:
    template: str
    language: str
    recipient: str
    recipient_role: str  # company | partner | lead | advisor; the role, never the address, goes into events
    context: dict[str, Any]  # JSON-native values only: it is stored as jsonb


def _to_company(company: CompanyContact, template: str, contact_address: str, **extra: Any) -> EmailIntent:
    context = {"reference": company.reference, "contact_address": contact_address,
               "contact_name": company.contact_name, "company_name": company.company_name, **extra}
    return EmailIntent(template=template, language=company.language, recipient=company.contact_email,
                       recipient_role="company", context=context)


def acknowledgement(company: CompanyContact, *, contact_address: str) -> EmailIntent:
    return _to_company(company, "acknowledgement", contact_address, status_url=company.status_url,
                       response_business_days=RESPONSE_BUSINESS_DAYS)


def information_request(event: InformationRequestedV1, company: CompanyContact, *,
                        contact_address: str) -> EmailIntent:
    # The company answers through its private status page, where intake offers the amendment form.
    return _to_company(company, "information_request", contact_address, question=event.question,
                       amend_url=company.status_url, deadline=event.respond_by.isoformat())


def closure(event: CaseClosedV1, company: CompanyContact, *, contact_address: str,
            enquiry_form_url: str) -> list[EmailIntent]:
    if not event.notify_company:
        return []
    reason = event.reason_text or closure_reason(event.reason_code, company.language)
    return [_to_company(company, "closure", contact_address, reason=reason, enquiry_url=enquiry_form_url)]


def introductions(event: IntroductionApprovedV1, company: CompanyContact, *, directory: PartnerDirectory,
                  contact_address: str) -> list[EmailIntent]:
    """One email to the company listing the partners, one to each partner with the shared summary."""
    partners = [_directory_entry(directory, p.partner_id) for p in event.partners]
    listed = [{"name": p.name, "focus": p.focus or p.contact_role} for p in partners]
    intents = [_to_company(company, "introduction_company", contact_address, partners=listed)]
    summary = company_summary(event.shared_profile)
    for introduced, partner in zip(event.partners, partners, strict=True):
        intents.append(EmailIntent(
            template="introduction_partner", language=partner.contact_language, recipient=str(partner.contact_email),
            recipient_role="partner",
            context={"reference": company.reference, "contact_address": contact_address,
                     "partner_name": partner.name, "company": summary,
                     "accept_url": introduced.accept_url, "decline_url": introduced.decline_url},
        ))
    return intents


def escalation(event: CaseEscalatedV1, *, contact_address: str) -> list[EmailIntent]:
    return [
        EmailIntent(template="sla_escalation", language=lead.language, recipient=str(lead.email),
                    recipient_role="lead",
                    context={"reference": event.reference, "contact_address": contact_address,
                             "lead_name": lead.name, "level": event.level,
                             "due_at": event.sla_due_at.isoformat(), "case_url": event.case_url})
        for lead in event.leads
    ]


def reassessment_reminders(event: ReassessmentDueV1, *, contact_address: str) -> list[EmailIntent]:
    """One reminder to each advisor advisory named (the assignee, or the team leads)."""
    return [
        EmailIntent(template="reassessment_reminder", language=advisor.language, recipient=str(advisor.email),
                    recipient_role="advisor",
                    context={"reference": event.reference, "contact_address": contact_address,
                             "advisor_name": advisor.name, "due_on": event.due_on.isoformat(),
                             "set_by": event.set_by, "invited": event.invite_company, "case_url": event.case_url})
        for advisor in event.advisors
    ]


def assignment(event: CaseClaimedV1, *, contact_address: str) -> list[EmailIntent]:
    """Tell the advisor a case was given to them (auto-assignment or a lead); a self-claim needs no email, and an
    event from before issue 16 names no address."""
    if event.assigned_by == "self" or event.assignee is None or not event.reference or not event.case_url:
        return []
    a = event.assignee
    return [EmailIntent(template="case_assigned", language=a.language, recipient=str(a.email),
                        recipient_role="advisor",
                        context={"reference": event.reference, "contact_address": contact_address,
                                 "advisor_name": a.name, "assigned_by": event.assigned_by,
                                 "case_url": event.case_url})]


def result_ready(company: CompanyContact, *, contact_address: str) -> EmailIntent:
    """An advisor released the assessment's result: the company reads it on its private status page."""
    return _to_company(company, "result_ready", contact_address, status_url=company.status_url)


def draft_saved(event: DraftSavedV1, *, contact_address: str) -> EmailIntent:
    """The company saved its unfinished form: the one active resume link, to the address it gave for that."""
    return EmailIntent(template="draft_saved", language=event.language.value, recipient=str(event.email),
                       recipient_role="company",
                       context={"reference": event.reference, "contact_address": contact_address,
                                "resume_url": str(event.resume_url), "expires_on": event.expires_at.date().isoformat()})


def reassessment_invitation(company: CompanyContact, *, contact_address: str) -> EmailIntent:
    # Its private status page offers the amendment form while the invitation is open (intake).
    return _to_company(company, "reassessment_invitation", contact_address, update_url=company.status_url)


def _directory_entry(directory: PartnerDirectory, partner_id: str) -> Any:
    partner = directory.get(partner_id)
    if partner is None:
        raise CannotAddress(f"partner {partner_id!r} is not in the partner directory")
    if partner.contact_email is None:
        raise CannotAddress(f"partner {partner_id!r} has no contact_email in the partner directory")
    return partner


def company_summary(shared_profile: dict[str, object]) -> dict[str, Any]:
    """What a partner may see: only the consented fields the template knows, as plain strings, ints and lists.

    Anything else in `shared_profile` is dropped rather than shown, so a producer adding a field cannot leak it.
    """
    summary: dict[str, Any] = {}
    for key in sorted(COMPANY_SUMMARY_FIELDS & shared_profile.keys()):
        value = _plain(shared_profile[key])
        if key == "website" and not _is_link(value):
            continue  # rendered as a link: drop what the link filter would refuse instead of failing the email
        if value not in (None, "", []):
            summary[key] = value
    if not isinstance(summary.get("name"), str):
        raise CannotAddress("shared_profile must contain the company name to introduce the company")
    return summary


def _is_link(value: object) -> bool:
    try:
        checked_link(value)
    except ValueError:
        return False
    return True


def _plain(value: object) -> Any:
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int)):
        return value
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if isinstance(v, (str, int, float))]
    return None
