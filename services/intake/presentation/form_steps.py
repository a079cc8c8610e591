"""The steps of the guided form: THE one place that says which fields belong to which step.

A field belongs to a step when its name equals one of the step's `fields` or starts with one of them followed by
a dot (`offerings` owns `offerings.0.name`). To put a new field on a step, add its name here and its control to
the step's template (`templates/steps/_<id>.html`); the single-page amendment form includes the same templates.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowGroup:
    prefix: str        # form name prefix: offerings.<n>.<field>
    default_rows: int  # rows shown before the company adds or removes one (no empty slots beyond this)


@dataclass(frozen=True)
class Step:
    id: str            # the URL: /anfrage/<id>
    title_key: str     # texts.yaml
    intro_key: str
    template: str | None   # the step's fields; None for the documents step (uploads, not answers)
    fields: tuple[str, ...] = ()
    rows: tuple[RowGroup, ...] = ()

    def owns(self, name: str) -> bool:
        return any(name == f or name.startswith(f + ".") for f in self.fields) or any(
            name == "_rows." + r.prefix for r in self.rows)


STEPS: tuple[Step, ...] = (
    Step("unternehmen", "step.company", "step.company.intro", "steps/_company.html", fields=(
        "company.name", "company.legal_form", "company.register_number", "company.vat_id", "company.website",
        "company.founded_year", "company.kreis", "company.sector_of_origin", "company.sector_other",
        "company.headcount", "company.annual_turnover_eur_m", "company.balance_sheet_total_eur_m",
        "company.further_nrw_sites", "company.ncage_status", "company.ncage"),
         rows=(RowGroup("company.further_nrw_sites", 0),)),
    Step("kompetenzen", "step.competences", "step.competences.intro", "steps/_competences.html",
         fields=("competences",), rows=(RowGroup("competences", 1),)),
    Step("angebot", "step.offerings", "step.offerings.intro", "steps/_offerings.html",
         fields=("offerings", "capability_interests", "funding_interests"),
         rows=(RowGroup("offerings", 1),)),
    Step("zertifikate", "step.certificates", "step.certificates.intro", "steps/_certificates.html",
         fields=("certifications", "quality_practices", "information_security", "compliance.geheimschutz_status",
                 "compliance.knows_vsnfd_rules", "compliance.security_officer_appointed", "compliance.cleared_staff",
                 "compliance.willing_to_enter_geheimschutz"),
         rows=(RowGroup("certifications", 0),)),
    Step("exportkontrolle", "step.export", "step.export.intro", "steps/_export.html", fields=(
        "compliance.export_officer_named", "compliance.internal_compliance_programme",
        "compliance.goods_classified", "compliance.exports_outside_eu", "compliance.screening_in_place",
        "compliance.prior_bafa_licences", "compliance.general_licences_used", "compliance.certified_recipient",
        "compliance.makes_teil1a_goods", "compliance.export_destinations", "compliance.us_controlled_content",
        "compliance.shareholders", "compliance.war_weapon_relevance"),
         rows=(RowGroup("compliance.shareholders", 0),)),
    Step("kapazitaet", "step.capacity", "step.capacity.intro", "steps/_capacity.html",
         fields=("capacity", "market_access", "message")),
    Step("dokumente", "step.documents", "step.documents.intro", None),
    Step("kontakt", "step.contact", "step.contact.intro", "steps/_contact.html", fields=("contact", "consents")),
)
STEP_IDS = tuple(s.id for s in STEPS)
MAX_ROWS = 30


def step_by_id(step_id: str) -> Step | None:
    return next((s for s in STEPS if s.id == step_id), None)


def step_of(name: str) -> Step | None:
    """The step that shows a field (an error on `compliance.shareholders` leads to the export step)."""
    return next((s for s in STEPS if s.owns(name)), None)


def neighbours(step: Step) -> tuple[Step | None, Step | None]:
    i = STEPS.index(step)
    return (STEPS[i - 1] if i > 0 else None), (STEPS[i + 1] if i + 1 < len(STEPS) else None)


def row_group(prefix: str) -> RowGroup | None:
    return next((r for s in STEPS for r in s.rows if r.prefix == prefix), None)
