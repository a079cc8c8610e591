"""The check-your-answers page: each step's answers as label and readable value, in the page's language."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..domain.form_mapping import CHECKBOXES, MULTI, ROWS, SCALARS
from .choices import Choices, Options
from .form_steps import Step
from .i18n import translator
from .render import summary_label


@dataclass(frozen=True)
class Answer:
    label: str
    value: str


def _options(choices: Choices) -> dict[str, Options]:
    """Field pattern (`*` for a row number) -> the labelled options of its select or list."""
    return {
        "company.legal_form": choices.legal_forms, "company.sector_of_origin": choices.sectors,
        "competences.*.field": choices.competence_fields, "competences.*.proficiency": choices.proficiency,
        "offerings.*.trl": choices.trl,
        "capability_interests": choices.capability_areas, "funding_interests": choices.funding,
        "certifications.*.type": choices.certification_types,
        "compliance.us_controlled_content": choices.us_content, "compliance.geheimschutz_status": choices.geheimschutz,
        "compliance.war_weapon_relevance": choices.war_weapon, "capacity.mrl": choices.mrl,
        "market_access.defence_market_access": choices.market_access, "contact.language": choices.languages,
        "consents.share_with_partners": choices.partners, "company.ncage_status": choices.ncage,
        "compliance.export_destinations": choices.export_regions, "consents.share_scope": choices.share_scopes,
    }


def _pattern(name: str) -> str:
    parts = name.split(".")
    return ".".join("*" if p.isdigit() else p for p in parts)


def _value(name: str, values: Sequence[str], *, choices: Choices, lang: str) -> str:
    t = translator(lang)
    options = dict(_options(choices).get(_pattern(name), []))
    if name == "company.kreis" and values[0] == choices.outside_nrw:
        return t("company.kreis.outside")
    if options:
        return ", ".join(options.get(v, v) for v in values)
    if values == ["yes"] or values == ["on"]:
        return t("form.yes")
    if values == ["no"]:
        return t("form.no")
    return ", ".join(values)


_SINGLE = list(SCALARS) + list(CHECKBOXES) + list(MULTI)


def _page_order(step: Step, name: str) -> tuple[int, int, str, int]:
    """Where a field stands on its step (the stored answers have no order: jsonb sorts its keys)."""
    group = next((i for i, f in enumerate(step.fields) if name == f or name.startswith(f + ".")), len(step.fields))
    if name in _SINGLE:
        return group, _SINGLE.index(name), "", 0
    for prefix, fields in ROWS.items():
        if name.startswith(prefix + "."):
            row, _, leaf = name.removeprefix(prefix + ".").partition(".")
            return group, int(row) if row.isdigit() else 0, "", fields.index(leaf) if leaf in fields else 9
    return group, 0, name, 0


def step_answers(step: Step, values: Mapping[str, Sequence[str]], *, choices: Choices,
                 lang: str) -> list[Answer]:
    """What the company entered on `step`, in the order the step shows it."""
    answers = []
    for name in sorted(values, key=lambda n: _page_order(step, n)):
        given = values[name]
        if not step.owns(name) or name.startswith("_rows.") or not [v for v in given if v]:
            continue
        label = summary_label(name, lang=lang)
        answers.append(Answer(label=label, value=_value(name, [v for v in given if v], choices=choices, lang=lang)))
    return answers
