"""What the company may see of its assessment once an advisor releases it (issue 15 item 6). Pure.

Only capability fit, readiness scores, the development plan and the open items the company can act on leave
advisory: never gate findings (sanctions screening, ownership, ITAR, war weapons, classified uploads), partner
exclusions or the band. Everything is ids and numbers; intake renders the words in the company's language.
"""
from __future__ import annotations

from typing import Any

from .rules import Refused

# The open items, in the order a company should take them. Each is derived from the readiness criteria alone.
OPEN_ITEMS = (
    "name_export_control_officer",   # R3 = 0 and no officer named
    "classify_goods",                # R3 = 0 and own goods not classified
    "set_up_icp",                    # R3 <= 1: no written internal compliance programme
    "document_information_security",  # R2 = 0: no ISMS, not even documented basics
    "introduce_quality_management",  # R1 = 0: no QM system
    "declare_geheimschutz_readiness",  # R4 = 0: not willing or not knowing the VS-NfD rules
    "apply_for_ncage",               # R7 = 0: no NCAGE code and no defence-related customers
)

TOP_AREAS = 3
MIN_AREA_SCORE = 0.5


def _said(facts: dict[str, Any], *names: str) -> bool:
    """True when a fact of one of these names says it is in place (missing facts count as not in place)."""
    return any(bool(facts.get(n)) for n in names)


def open_items(readiness: list[dict[str, Any]]) -> list[str]:
    """The things the company can do itself, as ids of OPEN_ITEMS, from the scores (and the facts the score's
    rule used, where present: an officer already named is not asked for again)."""
    by_id = {c["criterion"]: c for c in readiness}
    found: set[str] = set()

    def score(criterion: str) -> int | None:
        c = by_id.get(criterion)
        return None if c is None else int(c["score"])

    def facts(criterion: str) -> dict[str, Any]:
        return dict((by_id.get(criterion) or {}).get("facts") or {})

    r3, r3_facts = score("R3"), facts("R3")
    if r3 == 0 and not _said(r3_facts, "export_officer_named"):
        found.add("name_export_control_officer")
    if r3 == 0 and not _said(r3_facts, "goods_classified"):
        found.add("classify_goods")
    if r3 is not None and r3 <= 1 and not _said(r3_facts, "internal_compliance_programme", "icp"):
        found.add("set_up_icp")
    if score("R2") == 0:
        found.add("document_information_security")
    if score("R1") == 0:
        found.add("introduce_quality_management")
    if score("R4") == 0:
        found.add("declare_geheimschutz_readiness")
    if score("R7") == 0 and not _said(facts("R7"), "ncage", "has_ncage"):
        found.add("apply_for_ncage")
    return [item for item in OPEN_ITEMS if item in found]


def released_result(assessment: dict[str, Any] | None) -> dict[str, Any]:
    """The payload fields of `ResultReleasedV1` (without the case's ids) from the case's assessment; 409 when the
    case has none yet."""
    if not assessment or not assessment.get("readiness"):
        raise Refused(409, "no_assessment", "The case has no assessment to release yet.")
    ranked = sorted((f for f in assessment.get("capability_fit", []) if f.get("score", 0) > 0),
                    key=lambda f: (-f["score"], f["area"]))
    # The strong ones; a company with none above the bar still hears its best one.
    fits = [f for f in ranked if f["score"] >= MIN_AREA_SCORE] or ranked[:1]
    readiness = assessment["readiness"]
    return {
        "assessment_revision": int(assessment.get("revision") or 1),
        "taxonomy_version": str(assessment.get("taxonomy_version") or ""),
        "top_areas": [{"area": f["area"], "score": f["score"]} for f in fits[:TOP_AREAS]],
        "readiness": [{"criterion": c["criterion"], "score": c["score"]} for c in readiness],
        "development_plan": [
            {"criterion": s["criterion"], "rung": _rung(readiness, s["criterion"]), "helper": s["helper"]}
            for s in assessment.get("development_plan", []) if _rung(readiness, s["criterion"]) is not None],
        "open_items": open_items(readiness),
    }


def _rung(readiness: list[dict[str, Any]], criterion: str) -> int | None:
    # The plan offers the step for the company's current score (assessment/domain/plan.py): that score is the rung.
    return next((int(c["score"]) for c in readiness if c["criterion"] == criterion), None)
