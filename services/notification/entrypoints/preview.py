"""Render every email with realistic example data and write .txt/.html/.eml files for review.

    python -m services.notification preview [--template T] [--lang de|en] [--out DIR]
"""
from __future__ import annotations

import argparse
import email.policy
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from shared.clock import SystemClock

from ..domain.catalogue import LANGUAGES, TEMPLATE_KEYS
from ..domain.message import build_message, deterministic_message_id
from ..presentation.rendering import render

EXAMPLE_REFERENCE = "DN-2026-7K3F9Q"
EXAMPLE_SENDER = "onboarding@defence.nrw.example"
EXAMPLE_DOMAIN = "defence.nrw.example"
_PORTAL = "https://portal.defence.nrw.example"
_ADVISOR_UI = "https://advisor.defence.nrw.example"

_COMMON: dict[str, Any] = {"reference": EXAMPLE_REFERENCE, "contact_address": "kontakt@defence.nrw.example"}
_COMPANY_CONTACT: dict[str, Any] = {"contact_name": "Dr. Katrin Wallmeier",
                                    "company_name": "Klingenberg Präzisionsteile GmbH"}

# One realistic context per template: an automotive supplier from Solingen looking for defence work.
EXAMPLE_CONTEXTS: dict[str, dict[str, Any]] = {
    "acknowledgement": _COMMON | _COMPANY_CONTACT | {
        "response_business_days": 5,
        "status_url": f"{_PORTAL}/status/5f1c0a9e7b2d4c18a3e6",
    },
    "information_request": _COMMON | _COMPANY_CONTACT | {
        "question": "Sie geben an, Gehäuse aus Aluminium-Druckguss in Kleinserien zu fertigen.\n"
                    "Können Sie uns die typischen Losgrößen und Ihre Prüfmöglichkeiten"
                    " (z. B. CT, Dichtheitsprüfung) nennen?",
        "amend_url": f"{_PORTAL}/enquiries/amend/8d3b2e61c4f0",
        "deadline": date(2026, 12, 14),
    },
    "introduction_company": _COMMON | _COMPANY_CONTACT | {
        "partners": [
            {"name": "automotiveland.nrw", "focus": "Netzwerk der Automobil- und Zulieferindustrie in NRW",
             "website": "https://www.automotiveland.nrw/"},
            {"name": "AeroSpace.NRW", "focus": "Cluster der Luft- und Raumfahrtindustrie in NRW",
             "website": "https://www.aerospace.nrw/"},
        ],
    },
    "introduction_partner": _COMMON | {
        "partner_name": "AeroSpace.NRW",
        "company": {
            "name": "Klingenberg Präzisionsteile GmbH",
            "kreis": "Solingen",
            "sector": "Automobilzulieferer",
            "headcount": 180,
            "competences": ["Aluminium-Druckguss", "CNC-Zerspanung", "Baugruppenmontage"],
            "certifications": ["IATF 16949", "ISO 9001", "ISO 14001"],
            "looking_for": "Einstieg als Unterlieferant für Gehäuse und Strukturbauteile; Interesse an EN 9100.",
        },
        "accept_url": f"{_PORTAL}/introductions/3a7e19c2/accept",
        "decline_url": f"{_PORTAL}/introductions/3a7e19c2/decline",
    },
    "closure": _COMMON | _COMPANY_CONTACT | {
        "reason": "Für Ihre aktuellen Produkte sehen wir derzeit keinen konkreten Bedarf bei unseren Partnern.\n"
                  "Mit einer EN-9100-Zertifizierung würden sich neue Möglichkeiten in der Luftfahrt ergeben.",
        "enquiry_url": f"{_PORTAL}/enquiries/new",
    },
    "sla_escalation": _COMMON | {
        "lead_name": "Jonas Berghoff",
        "level": "warning",
        "due_at": datetime(2026, 11, 30, 15, 0, tzinfo=UTC),
        "case_url": f"{_ADVISOR_UI}/cases/0b6f8e2a-4c1d-4e7b-9a53-2d8c61f0e9b4",
    },
    "reassessment_reminder": _COMMON | {
        "advisor_name": "Miriam Okonkwo",
        "due_on": date(2027, 5, 18),
        "set_by": "assessment",
        "invited": True,
        "case_url": f"{_ADVISOR_UI}/cases/0b6f8e2a-4c1d-4e7b-9a53-2d8c61f0e9b4",
    },
    "case_assigned": _COMMON | {
        "advisor_name": "Miriam Okonkwo",
        "assigned_by": "lead",
        "case_url": f"{_ADVISOR_UI}/cases/0b6f8e2a-4c1d-4e7b-9a53-2d8c61f0e9b4",
    },
    "result_ready": _COMMON | _COMPANY_CONTACT | {
        "status_url": f"{_PORTAL}/status/5f1c0a9e7b2d4c18a3e6",
    },
    "reassessment_invitation": _COMMON | _COMPANY_CONTACT | {
        "update_url": f"{_PORTAL}/status/5f1c0a9e7b2d4c18a3e6",
    },
    "draft_saved": _COMMON | {
        "resume_url": f"{_PORTAL}/anfrage/fortsetzen/q3Zk9vT1bX7yWc2LmN5pR8sA0dF4gH6jK?lang=de",
        "expires_on": "2026-04-01",
    },
}

_EXAMPLE_RECIPIENTS = {"introduction_partner": ("partner", "netzwerk@aerospace.nrw.example"),
                       "sla_escalation": ("lead", "teamleitung@defence.nrw.example"),
                       "reassessment_reminder": ("advisor", "m.okonkwo@defence.nrw.example"),
                       "case_assigned": ("advisor", "m.okonkwo@defence.nrw.example")}
_DEFAULT_RECIPIENT = ("company", "k.wallmeier@klingenberg-praezision.example")


def write_preview(template: str, language: str, out_dir: Path) -> list[Path]:
    rendered = render(template, language, EXAMPLE_CONTEXTS[template])
    role, recipient = _EXAMPLE_RECIPIENTS.get(template, _DEFAULT_RECIPIENT)
    message_id = deterministic_message_id(event_id="preview", recipient_role=role, recipient=recipient,
                                          template=template, domain=EXAMPLE_DOMAIN)
    message = build_message(rendered=rendered, sender=EXAMPLE_SENDER, recipient=recipient, message_id=message_id,
                            sent_at=SystemClock().now())
    paths = [out_dir / f"{template}.{language}.{ext}" for ext in ("txt", "html", "eml")]
    paths[0].write_text(rendered.text, encoding="utf-8")
    paths[1].write_text(rendered.html, encoding="utf-8")
    paths[2].write_bytes(message.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n")))
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.notification preview",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--template", choices=sorted(TEMPLATE_KEYS), help="only this template (default: all)")
    parser.add_argument("--lang", choices=LANGUAGES, help="only this language (default: all)")
    parser.add_argument("--out", type=Path, default=Path("var/preview"), help="output directory")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for template in [args.template] if args.template else sorted(TEMPLATE_KEYS):
        for language in [args.lang] if args.lang else LANGUAGES:
            for path in write_preview(template, language, args.out):
                print(path)
    return 0

