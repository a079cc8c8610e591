"""Who may do what to a case, and when. Pure: takes a snapshot of the case and the actor, raises Refused."""
from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from .case import CaseStatus, uncleared_gates

SUPERVISORS = frozenset({"lead", "admin"})


class Refused(Exception):
    """A decision that the case's state or the actor's role does not allow; `status` is the HTTP answer."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


@dataclass(frozen=True)
class Actor:
    id: uuid.UUID
    name: str
    role: str

    @property
    def supervises(self) -> bool:
        return self.role in SUPERVISORS


def require_status(case: dict[str, Any], *allowed: CaseStatus) -> None:
    if case["status"] not in allowed:
        raise Refused(409, "wrong_status",
                      f"The case is {case['status']}; this needs {' or '.join(s.value for s in allowed)}.")


def require_holder_or_lead(case: dict[str, Any], actor: Actor) -> None:
    """Advisors act on the cases they hold; leads and admins on every case."""
    if actor.supervises or case["assignee"] == actor.id:
        return
    raise Refused(403, "not_holder", "Only the advisor holding the case or a lead may do this.")


def require_supervisor(actor: Actor) -> None:
    if not actor.supervises:
        raise Refused(403, "lead_only", "Only a lead may do this.")


def check_claim(case: dict[str, Any]) -> None:
    if case["assignee"] is not None:
        raise Refused(409, "already_claimed", "Another advisor already holds this case.")
    require_status(case, CaseStatus.OPEN)


def consented_partners(consents: dict[str, Any] | None, known_partners: Collection[str]) -> set[str]:
    """The partners the company agreed to be introduced to: every one with "all suitable partners" (the advisor
    decides who is suitable), else the ones it named."""
    consents = consents or {}
    if consents.get("share_with_all_suitable"):
        return set(known_partners)
    return set(consents.get("share_with_partners", [])) & set(known_partners)


def check_introductions(case: dict[str, Any], partner_ids: list[str], known_partners: set[str]) -> None:
    """Introductions need every gate clear or cleared and the company's consent for each partner."""
    require_status(case, CaseStatus.CLAIMED, CaseStatus.INTRODUCED)
    if not partner_ids:
        raise Refused(422, "no_partner", "Select at least one partner.")
    open_gates = uncleared_gates(case["assessment"], case["gate_clearances"] or {})
    if open_gates:
        raise Refused(409, "gates_open", f"Gates still open: {', '.join(open_gates)}. A lead must clear them first.")
    unknown = [p for p in partner_ids if p not in known_partners]
    if unknown:
        raise Refused(422, "unknown_partner", f"Unknown partners: {', '.join(unknown)}.")
    consented = consented_partners(case["consents"], known_partners)
    missing = [p for p in partner_ids if p not in consented]
    if missing:
        raise Refused(422, "no_consent", f"The company has not consented to sharing with: {', '.join(missing)}.")


def check_gate_clearance(case: dict[str, Any], gate: str, actor: Actor) -> None:
    require_supervisor(actor)
    if gate not in uncleared_gates(case["assessment"], case["gate_clearances"] or {}):
        raise Refused(409, "gate_not_open", f"Gate {gate} is not open on this case.")


def check_override(field: str, value: Any) -> None:
    if field == "band" and value not in {"A", "B", "C"}:
        raise Refused(422, "bad_value", "Band must be A, B or C.")
    if field == "readiness" and not (isinstance(value, int | float) and 0 <= float(value) <= 100):
        raise Refused(422, "bad_value", "Readiness must be between 0 and 100.")
    if field not in {"band", "readiness"}:
        raise Refused(422, "bad_field", "Only band or readiness can be overridden.")


# What a partner sees: only these parts of the profile, and only for partners the company consented to.
SHARED_COMPANY_FIELDS = ("name", "kreis", "sector_of_origin", "headcount", "website")
SHARED_PROFILE_PARTS = ("competences", "offerings", "certifications", "message")


def shared_profile(profile: dict[str, Any]) -> dict[str, object]:
    company = profile.get("company", {})
    out: dict[str, object] = {k: company.get(k) for k in SHARED_COMPANY_FIELDS if company.get(k) is not None}
    out.update({k: profile[k] for k in SHARED_PROFILE_PARTS if k in profile})
    return out


def next_best_partner(recommended: list[dict[str, Any]], consents: dict[str, Any],
                      already: set[str]) -> dict[str, Any] | None:
    """The best-scored recommended partner the company consented to and who was not yet asked."""
    allowed = consented_partners(consents, {r["partner_id"] for r in recommended})
    for rec in sorted(recommended, key=lambda r: -r["score"]):
        if rec["partner_id"] in allowed and rec["partner_id"] not in already:
            return rec
    return None
