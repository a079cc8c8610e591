"""The fixed list of email templates: which context keys each needs, and its subject per language.

Subjects are constants plus our own generated reference. No user text ever reaches a header
(reliability.md finding 9, CVE-2024-6923: the Python on this machine still folds encoded words into new headers).
"""
from __future__ import annotations

import re

LANGUAGES: tuple[str, ...] = ("de", "en")

# ASCII digits only: `\d` would also accept e.g. Arabic-Indic digits, which have no place in a header.
REFERENCE_PATTERN = re.compile(r"DN-[0-9]{4}-[0-9A-Z]{6}", re.ASCII)

_COMMON = frozenset({"reference", "contact_address"})

# render() refuses missing and unknown keys, so a caller cannot hand over data a template would silently drop.
TEMPLATE_KEYS: dict[str, frozenset[str]] = {
    "acknowledgement": _COMMON | {"contact_name", "company_name", "response_business_days", "status_url"},
    "information_request": _COMMON | {"contact_name", "company_name", "question", "amend_url", "deadline"},
    "introduction_company": _COMMON | {"contact_name", "company_name", "partners"},
    "introduction_partner": _COMMON | {"partner_name", "company", "accept_url", "decline_url"},
    "closure": _COMMON | {"contact_name", "company_name", "reason", "enquiry_url"},
    "sla_escalation": _COMMON | {"lead_name", "level", "due_at", "case_url"},
    "reassessment_reminder": _COMMON | {"advisor_name", "due_on", "set_by", "invited", "case_url"},
    "reassessment_invitation": _COMMON | {"contact_name", "company_name", "update_url"},
    "case_assigned": _COMMON | {"advisor_name", "assigned_by", "case_url"},
    "result_ready": _COMMON | {"contact_name", "company_name", "status_url"},
    # `reference` here is the draft's number (it becomes the enquiry's reference when the company sends it).
    "draft_saved": _COMMON | {"resume_url", "expires_on"},
}

# introduction_partner: the company summary may hold only these fields. The caller passes just those the company
# consented to share; the template shows exactly what it gets and nothing else.
COMPANY_SUMMARY_FIELDS: frozenset[str] = frozenset(
    {"name", "kreis", "sector", "headcount", "competences", "offerings", "certifications", "website", "looking_for"}
)
PARTNER_FIELDS: frozenset[str] = frozenset({"name", "focus", "website"})
SLA_LEVELS: frozenset[str] = frozenset({"warning", "breach"})
REASSESSMENT_SETTERS: frozenset[str] = frozenset({"assessment", "lead"})
ASSIGNERS: frozenset[str] = frozenset({"auto", "lead"})

SUBJECTS: dict[tuple[str, str], str] = {
    ("acknowledgement", "de"): "DEFENCE.NRW: Eingangsbestätigung Ihrer Anfrage {reference}",
    ("acknowledgement", "en"): "DEFENCE.NRW: We have received your enquiry {reference}",
    ("information_request", "de"): "DEFENCE.NRW: Rückfrage zu Ihrer Anfrage {reference}",
    ("information_request", "en"): "DEFENCE.NRW: Question about your enquiry {reference}",
    ("introduction_company", "de"): "DEFENCE.NRW: Kontaktvermittlung zu Ihrer Anfrage {reference}",
    ("introduction_company", "en"): "DEFENCE.NRW: Introductions for your enquiry {reference}",
    ("introduction_partner", "de"): "DEFENCE.NRW: Vorstellung eines Unternehmens ({reference})",
    ("introduction_partner", "en"): "DEFENCE.NRW: Introducing a company ({reference})",
    ("closure", "de"): "DEFENCE.NRW: Abschluss Ihrer Anfrage {reference}",
    ("closure", "en"): "DEFENCE.NRW: Your enquiry {reference} has been closed",
    ("sla_escalation", "de"): "DEFENCE.NRW: SLA-Eskalation für Vorgang {reference}",
    ("sla_escalation", "en"): "DEFENCE.NRW: SLA escalation for case {reference}",
    ("reassessment_reminder", "de"): "DEFENCE.NRW: Neubewertung fällig für Vorgang {reference}",
    ("reassessment_reminder", "en"): "DEFENCE.NRW: Re-assessment due for case {reference}",
    ("reassessment_invitation", "de"): "DEFENCE.NRW: Bitte aktualisieren Sie Ihre Angaben ({reference})",
    ("reassessment_invitation", "en"): "DEFENCE.NRW: Please update your details ({reference})",
    ("case_assigned", "de"): "DEFENCE.NRW: Vorgang {reference} wurde Ihnen zugewiesen",
    ("case_assigned", "en"): "DEFENCE.NRW: Case {reference} has been assigned to you",
    ("result_ready", "de"): "DEFENCE.NRW: Ihr Ergebnis ist da ({reference})",
    ("result_ready", "en"): "DEFENCE.NRW: Your result is ready ({reference})",
    ("draft_saved", "de"): "DEFENCE.NRW: Ihr gespeicherter Entwurf {reference}",
    ("draft_saved", "en"): "DEFENCE.NRW: Your saved draft {reference}",
}


def check_template_and_language(template: str, language: str) -> None:
    if template not in TEMPLATE_KEYS:
        raise ValueError(f"unknown email template {template!r}; known: {', '.join(sorted(TEMPLATE_KEYS))}")
    if language not in LANGUAGES:
        raise ValueError(f"unsupported email language {language!r}; supported: {', '.join(LANGUAGES)}")


def check_reference(reference: object) -> str:
    if not isinstance(reference, str) or not REFERENCE_PATTERN.fullmatch(reference):
        raise ValueError("reference must look like DN-2026-7K3F9Q")
    return reference


def subject_for(template: str, language: str, reference: str) -> str:
    """The only way to make a subject: a constant from SUBJECTS plus a validated reference."""
    check_template_and_language(template, language)
    return SUBJECTS[(template, language)].format(reference=check_reference(reference))


# The closure email's "background" when the advisor wrote no text: one plain sentence per reason code.
CLOSURE_REASONS: dict[str, dict[str, str]] = {
    "introduced": {"de": "Wir haben Sie mit passenden Partnern aus unserem Netzwerk in Kontakt gebracht.",
                   "en": "We have put you in touch with suitable partners from our network."},
    "not_eligible": {"de": "Ihre Anfrage passt derzeit nicht zum Angebot von DEFENCE.NRW.",
                     "en": "Your enquiry does not currently match what DEFENCE.NRW offers."},
    "no_response": {"de": "Wir haben auf unsere Rückfrage keine Antwort erhalten.",
                    "en": "We did not receive an answer to our question."},
    "withdrawn": {"de": "Sie haben Ihre Anfrage zurückgezogen.", "en": "You withdrew your enquiry."},
    "duplicate": {"de": "Ihre Anfrage wird unter einer anderen Referenz weiterbearbeitet.",
                  "en": "Your enquiry is being handled under another reference."},
    "other": {"de": "Ihre Beraterin oder Ihr Berater hat den Vorgang abgeschlossen.",
              "en": "Your advisor has closed the case."},
}


def closure_reason(reason_code: str, language: str) -> str:
    return CLOSURE_REASONS.get(reason_code, CLOSURE_REASONS["other"])[language]
