"""The web form's fields <-> the nested data of `EnquirySubmission`.

Form field names are the dotted pydantic paths (`company.name`, `offerings.2.trl`,
`competences.0.field`), so an error's location leads straight back to its field. Empty inputs
are left out (a required field then reports "missing"), empty repeated rows are ignored, and row numbers
are kept so errors land on the row the user typed in.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .submission import CONSENT_TEXT_VERSION

FormData = Mapping[str, Sequence[str]]  # what a browser posts: each name with its values

SCALARS = (
    "company.name", "company.legal_form", "company.register_number", "company.vat_id", "company.ncage",
    "company.website", "company.kreis", "company.headcount", "company.sector_of_origin",
    "company.sector_other", "company.founded_year", "company.annual_turnover_eur_m",
    "company.balance_sheet_total_eur_m", "company.ncage_status",
    "compliance.export_officer_named", "compliance.internal_compliance_programme", "compliance.goods_classified",
    "compliance.exports_outside_eu", "compliance.us_controlled_content", "compliance.geheimschutz_status",
    "compliance.willing_to_enter_geheimschutz", "compliance.war_weapon_relevance",
    "capacity.free_capacity_percent", "capacity.mrl", "capacity.lot_size_min", "capacity.lot_size_max",
    "capacity.lead_time_weeks", "capacity.test_facilities",
    "market_access.defence_market_access", "market_access.references", "message",
    "contact.name", "contact.role", "contact.email", "contact.phone", "contact.language", "website_confirm",
)
YES_NO = ("compliance.export_officer_named", "compliance.internal_compliance_programme",
          "compliance.goods_classified", "compliance.exports_outside_eu", "compliance.willing_to_enter_geheimschutz")
CHECKBOXES = (
    "compliance.prior_bafa_licences", "compliance.certified_recipient", "compliance.makes_teil1a_goods",
    "compliance.screening_in_place", "compliance.general_licences_used",
    "compliance.knows_vsnfd_rules", "compliance.security_officer_appointed", "compliance.cleared_staff",
    "quality_practices.configuration_management", "quality_practices.first_article_inspection",
    "quality_practices.counterfeit_prevention",
    "information_security.documented_isms", "information_security.grundschutz_check",
    "information_security.vsnfd_approved_it",
    "capacity.free_capacity_not_stated",
    "capacity.small_lot_capable", "capacity.surge_capable",
    "consents.processing", "consents.no_classified_information", "consents.newsletter",
    "consents.reassessment_contact",
)
# Fields answered by choosing (selects, yes/no radios); "*" stands for a row number or competence id.
CHOICES = YES_NO + (
    "company.legal_form", "company.kreis", "company.sector_of_origin", "compliance.us_controlled_content",
    "compliance.geheimschutz_status", "compliance.war_weapon_relevance", "capacity.mrl",
    "market_access.defence_market_access", "contact.language", "offerings.*.trl", "certifications.*.type",
    "competences.*.field", "competences.*.proficiency", "company.ncage_status", "company.further_nrw_sites.*.kreis",
    "consents.share_scope",
)
MULTI = ("capability_interests", "funding_interests", "consents.share_with_partners", "compliance.export_destinations")
# Rows of one value each: the profile holds the values themselves ("Kreis Mettmann"), the form a row with one field.
VALUE_ROWS = {"company.further_nrw_sites": "kreis"}
# Answers that are not the profile's own fields: "not stated" and the consent's scope map to what the contract says.
NOT_STATED = "not_stated"  # the option of a select the company may honestly not know (MRL)
SHARE_ALL, SHARE_NAMED = "all", "named"
ROWS = {  # repeated groups: prefix -> the fields of one row
    "competences": ("field", "proficiency", "evidence"),
    "offerings": ("name", "description", "trl"),
    "certifications": ("type", "number", "issuer", "expires_on"),
    "compliance.shareholders": ("name", "country", "percent"),
    "company.further_nrw_sites": ("kreis",),
}
CHECKED = "on"  # the value our checkboxes post (templates/macros.html)
ROW_COUNT = 5  # rows rendered without JavaScript; the script may add more
MAX_ROWS = 30


@dataclass
class Mapped:
    data: dict[str, Any]
    # For each list in `data`: the form key (row number) of each item.
    row_keys: dict[str, list[str]] = field(default_factory=dict)


def _first(form: FormData, name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def _put(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = value


def _normalise(name: str, value: str) -> str:
    """Forgive what people type: spaces in ids, a missing https://, a German decimal comma."""
    if name in ("company.vat_id", "company.ncage") or name.endswith(".country"):
        return re.sub(r"\s+", "", value).upper()
    if name == "company.website" and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value):
        return f"https://{value}"
    if name.endswith(".percent") or name.endswith("_eur_m"):
        return value.replace(",", ".")
    return value


def _rows(form: FormData, prefix: str, fields: tuple[str, ...]) -> tuple[list[dict[str, str]], list[str]]:
    rows, keys = [], []
    for i in range(MAX_ROWS):
        row = {f: _normalise(f"{prefix}.{i}.{f}", _first(form, f"{prefix}.{i}.{f}")) for f in fields}
        row = {f: v for f, v in row.items() if v}
        if row:
            rows.append(row)
            keys.append(str(i))
    return rows, keys


def map_form(form: FormData) -> Mapped:
    """Browser form -> the dict `EnquirySubmission` validates. Unknown names are ignored, not refused."""
    # Every group exists, so a missing entry is reported on its own field, not on the whole group.
    data: dict[str, Any] = {group: {} for group in ("company", "compliance", "capacity", "market_access", "contact")}
    for name in SCALARS:
        if value := _first(form, name):
            _put(data, name, _normalise(name, value))
    for name in CHECKBOXES:
        _put(data, name, _first(form, name) == CHECKED)
    for name in YES_NO:  # strict: only the radios' own values (form_shape_errors names any other)
        if (answer := _first(form, name)) in ("yes", "no"):
            _put(data, name, answer == "yes")
    for name in MULTI:
        _put(data, name, [v for v in form.get(name, []) if v])
    mapped = Mapped(data)
    for prefix, fields in ROWS.items():
        rows, keys = _rows(form, prefix, fields)
        _put(data, prefix, rows)
        mapped.row_keys[prefix] = keys
    for prefix, leaf in VALUE_ROWS.items():
        group, name = prefix.split(".")
        data[group][name] = [row.get(leaf, "") for row in data[group][name]]
    _not_stated(form, data)
    _put(data, "consents.share_with_all_suitable", _first(form, "consents.share_scope") == SHARE_ALL)
    if data["consents"]["share_with_all_suitable"]:
        data["consents"]["share_with_partners"] = []  # "all suitable" already includes whoever was ticked
    data.get("capacity", {}).pop("free_capacity_not_stated", None)
    _put(data, "consents.text_version", CONSENT_TEXT_VERSION)
    return mapped


def _not_stated(form: FormData, data: dict[str, Any]) -> None:
    """MRL "not stated" and free capacity "not stated" are answers (null), not gaps: the key is present."""
    capacity = data["capacity"]
    if capacity.get("mrl") == NOT_STATED:
        capacity["mrl"] = None
    if _first(form, "capacity.free_capacity_not_stated") == CHECKED and not capacity.get("free_capacity_percent"):
        capacity["free_capacity_percent"] = None


def form_shape_errors(form: FormData) -> dict[str, str]:
    """Posted values no browser sends from our form, by field name -> error type (the JSON API's strictness,
    issue 19): a single-valued field sent twice (which value counts?), a consent or declaration box with any value
    but the one the form renders ("false" once counted as ticked), a yes/no answer that is neither."""
    errors: dict[str, str] = {}
    for name in SCALARS + CHECKBOXES:
        if len(form.get(name) or []) > 1:
            errors[name] = "duplicate_field"
    for name in CHECKBOXES:
        if name not in errors and (value := _first(form, name)) and value != CHECKED:
            errors[name] = "checkbox_value"
    for name in YES_NO:
        if name not in errors and (value := _first(form, name)) and value not in ("yes", "no"):
            errors[name] = "bool_type"
    return errors


def form_name(loc: Sequence[str | int], row_keys: Mapping[str, Sequence[str]]) -> str:
    """An error location -> the name of the form field that shows it."""
    parts = [str(p) for p in loc]
    for prefix in sorted(row_keys, key=len, reverse=True):
        head = prefix.split(".")
        n = len(head)
        if parts[:n] == head and len(parts) > n and parts[n].isdigit():
            keys = row_keys[prefix]
            index = int(parts[n])
            parts[n] = keys[index] if index < len(keys) else parts[n]
            break
    name = ".".join(parts)
    for prefix, leaf in VALUE_ROWS.items():  # a value row's error is on its one field
        if re.fullmatch(rf"{re.escape(prefix)}\.\d+", name):
            return f"{name}.{leaf}"
    for multi in MULTI:  # a bad item of a checkbox list belongs to the whole list
        if name.startswith(multi + "."):
            return multi
    return name


def is_choice(name: str) -> bool:
    parts = name.split(".")
    return any(len(parts) == len(c.split("."))
               and all(p == "*" or p == q for p, q in zip(c.split("."), parts, strict=True))
               for c in CHOICES)
