"""A timeline entry's data in words in the reader's language ("Band B, Reife 51,7 %, keine offenen Prüfpunkte").

Each kind has a sentence under `tl.<kind>` in i18n_case; values are formatted here (numbers and dates in the
reader's locale, ids through their own texts). Free text people wrote (notes, reasons, questions) is shown as
written, isolated in `<bdi>`. A kind without a sentence shows no detail rather than raw data.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from babel.numbers import format_decimal
from markupsafe import Markup

from shared.dates import BERLIN

from .i18n import TEXTS, translate

Words = Callable[[dict[str, Any], str], dict[str, Any]]


def _bdi(value: Any) -> Markup:
    return Markup("<bdi>{}</bdi>").format("" if value is None else str(value))


def _day(iso: str | None, lang: str) -> str:
    if not iso:
        return "–"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if "T" in iso:
        return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M")
    d: date = moment.date()
    return d.strftime("%d.%m.%Y") if lang == "de" else d.isoformat()


def _assessed(d: dict[str, Any], lang: str) -> dict[str, Any]:
    n = int(d.get("open_gates") or 0)
    gates = translate(lang, "tl.gates_none") if n == 0 else translate(lang, "tl.gates_some", count=n)
    percent = format_decimal(float(d.get("readiness_percent") or 0), format="0.0", locale=lang)
    return {"band": d.get("band", "–"), "readiness": percent, "gates": gates}


def _text(lang: str, prefix: str, value: Any) -> str:
    key = f"{prefix}.{value}"
    return translate(lang, key) if key in TEXTS else str(value)


_VALUES: dict[str, Words] = {
    "assessed": _assessed,
    "enquiry_submitted": lambda d, lang: {"reference": d.get("reference", "")},
    "case_opened": lambda d, lang: {"priority": _text(lang, "priority", d.get("priority")),
                                    "due": _day(d.get("sla_due_at"), lang)},
    "email_sent": lambda d, lang: {"recipient": _text(lang, "recipient", d.get("recipient"))},
    "email_failed": lambda d, lang: {"recipient": _text(lang, "recipient", d.get("recipient"))},
    "claimed": lambda d, lang: {"assignee": _bdi(d.get("assignee"))},
    "note": lambda d, lang: {"text": _bdi(d.get("text"))},
    "info_requested": lambda d, lang: {"question": _bdi(d.get("question")), "date": _day(d.get("respond_by"), lang)},
    "enquiry_amended": lambda d, lang: {"revision": d.get("revision", "–")},
    "sla_resumed": lambda d, lang: {"due": _day(d.get("sla_due_at"), lang)},
    "introduction_approved": lambda d, lang: {
        "partners": _bdi(", ".join(p.get("partner_name", "") for p in d.get("partners", [])))},
    "introduction_answered": lambda d, lang: {"partner": _bdi(d.get("partner_name")),
                                              "answer": _text(lang, "intro", d.get("answer")),
                                              "reason": _bdi(d.get("reason") or "–")},
    "outcome_recorded": lambda d, lang: {"partner": _bdi(d.get("partner_name")),
                                         "outcome": _text(lang, "outcome", d.get("outcome"))},
    "closed": lambda d, lang: {"reason": _text(lang, "reason", d.get("reason_code")),
                               "text": _bdi(d.get("reason_text") or "–")},
    "reopened": lambda d, lang: {"text": _bdi(d.get("reason_text"))},
    "gate_cleared": lambda d, lang: {"gate": d.get("gate", ""), "reason": _bdi(d.get("reason"))},
    "score_overridden": lambda d, lang: {"field": _text(lang, "field", d.get("field")), "value": d.get("value"),
                                         "assessed": d.get("assessed"), "reason": _bdi(d.get("reason"))},
    "escalated": lambda d, lang: {"level": d.get("level", ""), "due": _day(d.get("sla_due_at"), lang)},
    "escalation_unrouted": lambda d, lang: {"level": d.get("level", ""), "due": _day(d.get("sla_due_at"), lang)},
    "reassessment_set": lambda d, lang: {"date": _day(d.get("reassess_on"), lang)},
    "reassessment_due": lambda d, lang: {"date": _day(d.get("due_on"), lang)},
    "reassessment_unrouted": lambda d, lang: {"date": _day(d.get("due_on"), lang)},
}


def timeline_words(kind: str, data: dict[str, Any], lang: str) -> Markup | None:
    """The entry's detail as a sentence, or None when the kind has none (the kind's name alone is shown)."""
    key = f"tl.{kind}"
    if kind not in _VALUES or key not in TEXTS:
        return None
    if kind == "reassessment_set" and not data.get("reassess_on"):
        return Markup(translate(lang, "tl.reassessment_cancelled"))
    template = TEXTS[key][0 if lang == "de" else 1]
    return Markup.escape(template).format(**_VALUES[kind](data, lang))
