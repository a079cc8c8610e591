"""What readiness rules of both questionnaires share: the scored result, certificate facts, "not stated"."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from shared.contracts.assessment import ExplanationFact
from shared.contracts.intake import Capacity, Certification
from shared.contracts.vocab import CertificationType as Cert


def valid_certifications(certs: Iterable[Certification], today: date) -> set[Cert]:
    # A certificate expiring today is still valid today.
    return {c.type for c in certs if c.expires_on is None or c.expires_on >= today}


def expired_note(certs: Iterable[Certification], today: date) -> str:
    expired = sorted({c.type.value for c in certs if c.expires_on is not None and c.expires_on < today})
    return f"; expired and not counted: {', '.join(expired)}" if expired else ""


class Scored(NamedTuple):
    """One criterion's score with the English expert trace, the rule id that decided it and the facts it used."""

    score: int
    reason: str
    rule: str
    facts: dict[str, ExplanationFact]


def _expired(certs: Iterable[Certification], today: date) -> list[str]:
    return sorted({c.type.value for c in certs if c.expires_on is not None and c.expires_on < today})


def cert_facts(certs: Sequence[Certification], today: date) -> dict[str, ExplanationFact]:
    return {"valid": sorted(c.value for c in valid_certifications(certs, today)), "expired": _expired(certs, today)}


def score_r6_not_stated(cap: Capacity) -> Scored:
    """MRL not stated: manufacturing readiness is not evidenced (R6 = 0), whatever the capacity."""
    return Scored(0, f"R6=0: MRL not stated, free capacity {cap.free_capacity_percent}%", "R6.mrl_not_stated",
                  {"free_capacity_percent": cap.free_capacity_percent, "small_lot": cap.small_lot_capable,
                   "surge": cap.surge_capable})


def score_r6(cap: Capacity) -> Scored:
    if cap.mrl is None:  # questionnaire 1 never sends null; an amendment through the new form may
        return score_r6_not_stated(cap)
    inputs = (f"MRL {cap.mrl}, free capacity {cap.free_capacity_percent}%, small-lot={cap.small_lot_capable},"
              f" surge={cap.surge_capable}")
    facts: dict[str, ExplanationFact] = {
        "mrl": cap.mrl, "free_capacity_percent": cap.free_capacity_percent,
        "small_lot": cap.small_lot_capable, "surge": cap.surge_capable}
    if cap.mrl <= 4 or cap.free_capacity_percent == 0:
        s, rule = 0, "R6.low_mrl_or_no_capacity"
    elif cap.free_capacity_percent is None:  # questionnaire 1: free capacity not shown, so not evidenced
        s, rule = 0, "R6.free_capacity_not_stated"
    elif cap.mrl <= 6:
        s, rule = 1, "R6.mrl_5_6"
    elif cap.mrl >= 9 and cap.small_lot_capable and cap.surge_capable:
        s, rule = 3, "R6.full_rate_small_lot_surge"
    else:
        s, rule = 2, "R6.mrl_7_plus"
    return Scored(s, f"R6={s}: {inputs}", rule, facts)
