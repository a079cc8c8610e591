"""What the case page shows, built from the stored case in the reader's language at display time (issue 16).

Explanations come from the assessment's rule ids and facts (shared/taxonomy/explanations-v1.yaml); the English
`reason` traces are passed along only for the "formula" details element. Nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from babel.dates import format_timedelta
from babel.numbers import format_decimal

from shared.taxonomy import Taxonomy
from shared.taxonomy.explanations import Explanations

from .i18n import translate
from .timeline_words import timeline_words

TOP_PARTNERS = 3


@dataclass(frozen=True)
class CasePage:
    """Everything the decision-first page needs beyond the raw case."""

    lang: str
    readiness: float
    readiness_text: str
    gates: list[dict[str, Any]]
    open_gates: list[dict[str, Any]]
    sla: dict[str, Any]
    top_partners: list[dict[str, Any]]
    fit: list[dict[str, Any]]
    criteria: list[dict[str, Any]]
    plan: list[dict[str, Any]]
    terms: dict[str, list[dict[str, Any]]]
    timeline: list[dict[str, Any]]
    timeline_kinds: list[str]
    timeline_kind: str | None


def with_taxonomy_labels(explanations: Explanations, taxonomy: Taxonomy) -> Explanations:
    """The explanations with area and field ids labelled by the taxonomy's own names ("CA03" -> its name)."""
    names = {a.id: a.label for a in taxonomy.capability_areas} | {f.id: f.label for f in taxonomy.competence_fields}
    return explanations.model_copy(update={"labels": {**names, **explanations.labels}})


def number(value: float, lang: str, pattern: str = "#,##0.##") -> str:
    return format_decimal(value, format=pattern, locale="en" if lang == "en" else "de")


def _sentence(ex: Explanations, item: dict[str, Any], lang: str) -> str | None:
    return ex.render(item.get("rule"), item.get("facts") or {}, lang)


def _gates(a: dict[str, Any], clearances: dict[str, Any], *, ex: Explanations, taxonomy: Taxonomy,
           lang: str) -> list[dict[str, Any]]:
    shown = []
    for g in a.get("gates", []):
        cleared = clearances.get(g["gate"])
        shown.append({"gate": g["gate"], "label": _label(taxonomy.gate_label, g["gate"], lang),
                      "status": "cleared" if cleared else g["status"], "clearance": cleared,
                      "sentence": _sentence(ex, g, lang), "reason": g.get("reason", ""),
                      "action": translate(lang, f"gate.action.{g['gate']}")})
    return shown


def _label(lookup: Any, ident: str, lang: str) -> str:
    try:
        return str(lookup(ident, lang))
    except (StopIteration, KeyError):
        return ident


def _sla(case: dict[str, Any], now: datetime, lang: str) -> dict[str, Any]:
    due: datetime | None = case.get("sla_due_at")
    if case.get("sla_paused_at") or due is None:
        return {"state": "paused" if case.get("sla_paused_at") else "none", "due": due, "left": ""}
    left = due - now
    locale = "en" if lang == "en" else "de"
    span = format_timedelta(abs(left) if left < timedelta(0) else left, locale=locale, threshold=1.1)
    state = "overdue" if left < timedelta(0) else "soon" if left < timedelta(hours=8) else "ok"
    return {"state": state, "due": due, "left": span}


def _terms(a: dict[str, Any], ex: Explanations, lang: str) -> dict[str, list[dict[str, Any]]]:
    return {r["partner_id"]: [{"name": t["name"], "value": t["value"], "weight": t["weight"],
                               "sentence": _sentence(ex, t, lang), "reason": t.get("reason", "")}
                              for t in r.get("terms", [])]
            for r in a.get("recommended_partners", [])}


def _top_partners(a: dict[str, Any], terms: dict[str, list[dict[str, Any]]], consented: set[str],
                  lang: str) -> list[dict[str, Any]]:
    top = []
    for r in a.get("recommended_partners", [])[:TOP_PARTNERS]:
        fit = next((t for t in terms[r["partner_id"]] if t["name"] == "capability_fit"), None)
        top.append({"partner_id": r["partner_id"], "name": r["name"], "score": number(r["score"], lang, "0.00"),
                    "reason": fit["sentence"] if fit and fit["sentence"] else translate(lang, "explain.none"),
                    "consented": r["partner_id"] in consented})
    return top


def _fit(a: dict[str, Any], *, ex: Explanations, taxonomy: Taxonomy, lang: str) -> list[dict[str, Any]]:
    fits = sorted(a.get("capability_fit", []), key=lambda f: (-f["score"], f["area"]))
    return [{"area": f["area"], "label": _label(taxonomy.area_label, f["area"], lang), "score": f["score"],
             "score_text": number(f["score"], lang, "0.00"), "sentence": _sentence(ex, f, lang),
             "reason": f.get("reason", "")} for f in fits]


def _criteria(a: dict[str, Any], *, ex: Explanations, taxonomy: Taxonomy, lang: str) -> list[dict[str, Any]]:
    shown = []
    for r in a.get("readiness", []):
        try:
            c = taxonomy.criterion(r["criterion"])
            label, target, anchor = c.label.in_(lang), c.target, c.anchors.get(r["score"])
        except StopIteration:
            label, target, anchor = r["criterion"], 3, None
        # Until a criterion carries its rule id the taxonomy's anchor for the score says what it means.
        sentence = _sentence(ex, r, lang) or (anchor.in_(lang) if anchor else None)
        shown.append({"criterion": r["criterion"], "label": label, "score": r["score"], "target": target,
                      "weight": r.get("weight"), "sentence": sentence, "reason": r.get("reason", "")})
    return shown


def _plan(a: dict[str, Any], *, taxonomy: Taxonomy, lang: str) -> list[dict[str, Any]]:
    """The development steps in the reader's language (the stored text is in the company's language)."""
    scores = {r["criterion"]: r["score"] for r in a.get("readiness", [])}
    steps = []
    for s in a.get("development_plan", []):
        template = taxonomy.development_steps.get(s["criterion"], {}).get(scores.get(s["criterion"], -1))
        steps.append({"criterion": s["criterion"], "label": _label(taxonomy.criterion_label, s["criterion"], lang),
                      "action": template.action.in_(lang) if template else s["action"],
                      "lead_time": template.lead_time.in_(lang) if template else s["lead_time"],
                      "helper": s["helper"], "funding_calls": s.get("funding_calls", [])})
    return steps


def case_page(case: dict[str, Any], *, lang: str, explanations: Explanations, taxonomy: Taxonomy, now: datetime,
              consented: set[str], timeline_kind: str | None = None) -> CasePage:
    a = case.get("assessment") or {}
    gates = _gates(a, case.get("gate_clearances") or {}, ex=explanations, taxonomy=taxonomy, lang=lang)
    terms = _terms(a, explanations, lang)
    readiness = float(case.get("readiness") or 0)
    kinds = sorted({e["kind"] for e in case.get("timeline", [])})
    kind = timeline_kind if timeline_kind in kinds else None
    entries = [{"kind": e["kind"], "at": e["at"], "actor": e.get("actor"),
                "words": timeline_words(e["kind"], e.get("data") or {}, lang)}
               for e in case.get("timeline", []) if kind is None or e["kind"] == kind]
    return CasePage(
        lang=lang, readiness=readiness, readiness_text=f"{number(readiness, lang, '0.0')} %",
        gates=gates, open_gates=[g for g in gates if g["status"] == "open"], sla=_sla(case, now, lang),
        top_partners=_top_partners(a, terms, consented, lang), fit=_fit(a, ex=explanations, taxonomy=taxonomy,
                                                                       lang=lang),
        criteria=_criteria(a, ex=explanations, taxonomy=taxonomy, lang=lang), plan=_plan(a, taxonomy=taxonomy,
                                                                                       lang=lang),
        terms=terms, timeline=entries, timeline_kinds=kinds, timeline_kind=kind)


def size_text(size_bytes: int, lang: str) -> str:
    if size_bytes < 1024 * 1024:
        return f"{number(size_bytes / 1024, lang, '0')} KB"
    return f"{number(size_bytes / 1024 / 1024, lang, '0.0')} MB"

