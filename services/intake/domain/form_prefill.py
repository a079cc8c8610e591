"""Stored enquiry data -> form values, so the amendment form opens with what the company sent."""
from __future__ import annotations

from typing import Any

from shared.contracts.vocab import GeheimschutzStatus

from .form_mapping import CHECKBOXES, MULTI, NOT_STATED, ROWS, SCALARS, SHARE_ALL, SHARE_NAMED, VALUE_ROWS, YES_NO


def _get(data: dict[str, Any], dotted: str) -> Any:
    found: Any = data
    for part in dotted.split("."):
        if not isinstance(found, dict):
            return None
        found = found.get(part)
    return found


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def form_values(data: dict[str, Any]) -> dict[str, list[str]]:
    """The inverse of `map_form` for data that passed validation (as `model_dump(mode="json")`)."""
    values: dict[str, list[str]] = {}
    for name in SCALARS:
        text = _text(_get(data, name))
        if text and (name not in YES_NO or text in ("yes", "no")):
            values[name] = [text]
    for name in CHECKBOXES:
        if _get(data, name):
            values[name] = ["on"]
    for name in MULTI:
        values[name] = [str(v) for v in _get(data, name) or []]
    for prefix, fields in ROWS.items():
        leaf = VALUE_ROWS.get(prefix)
        for i, row in enumerate(_get(data, prefix) or []):
            if leaf is not None:
                row = {leaf: row}
            for f in fields:
                if text := _text(row.get(f)):
                    values[f"{prefix}.{i}.{f}"] = [text]
    capacity = data.get("capacity") or {}
    if "mrl" in capacity and capacity["mrl"] is None:
        values["capacity.mrl"] = [NOT_STATED]
    if "free_capacity_percent" in capacity and capacity["free_capacity_percent"] is None:
        values["capacity.free_capacity_not_stated"] = ["on"]
    if values.get("compliance.geheimschutz_status") == [GeheimschutzStatus.VSNFD_KNOWN.value]:
        # Questionnaire 1's "VS-NfD instructions known" is not offered any more: the form says the same with
        # status "none" and the separate fact (both score R4 alike, assessment/domain/scoring.py).
        values["compliance.geheimschutz_status"] = [GeheimschutzStatus.NONE.value]
        values["compliance.knows_vsnfd_rules"] = ["on"]
    if data.get("consents"):
        values["consents.share_scope"] = [SHARE_ALL if data["consents"].get("share_with_all_suitable") else SHARE_NAMED]
    values.pop("website_confirm", None)
    return values
