"""Funding calls for one company on one day: open on the assessment date and eligible, or not offered at all."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from shared.contracts.assessment import AreaFit, FundingCallOffer
from shared.contracts.intake import CompanyProfile
from shared.contracts.vocab import regierungsbezirk
from shared.taxonomy import FundingCall, FundingCalls, Segment

TOPIC_FIT = 0.5  # a capability area counts as the company's topic from this fit on (or when it declared interest)


def ineligibility(call: FundingCall, profile: CompanyProfile, *, fits: Sequence[AreaFit],
                  segments: Collection[Segment]) -> str | None:
    """The first eligibility rule the company fails (a rule id), or None when it may apply."""
    rules = call.eligible
    if not set(segments) & set(rules.segments):
        return "call_segment"
    rb = regierungsbezirk(profile.company.kreis)
    if rb is None or not ({rb, "NRW"} & set(rules.regions)):
        return "call_region"
    topics = set(profile.capability_interests) | {f.area for f in fits if f.score >= TOPIC_FIT}
    if rules.topics and not topics & set(rules.topics):
        return "call_topic"
    best_trl = max((o.trl for o in profile.offerings), default=None)
    if best_trl is None or not rules.trl_min <= best_trl <= rules.trl_max:
        return "call_trl"
    return None


def offered_calls(profile: CompanyProfile, calls: FundingCalls, *, fits: Sequence[AreaFit],
                  segments: Collection[Segment], today: date) -> list[FundingCallOffer]:
    """Calls open on `today` that the company is eligible for, closing first first; closed calls never appear."""
    interests = {f.value for f in profile.funding_interests}
    offers = []
    for call in calls.calls:
        if not call.open_on(today) or ineligibility(call, profile, fits=fits, segments=segments) is not None:
            continue
        days_left = (call.closes_on - today).days
        offers.append(FundingCallOffer(
            call_id=call.id, name=call.name, programme=call.programme.value if call.programme else None,
            closes_on=call.closes_on, days_left=days_left, closing_soon=days_left <= calls.closing_soon_days,
            interested=call.programme is not None and call.programme.value in interests,
        ))
    return sorted(offers, key=lambda o: (o.closes_on, o.call_id))


def calls_by_criterion(offers: Sequence[FundingCallOffer], calls: FundingCalls) -> dict[str, list[str]]:
    """Offered call ids per readiness criterion they support (the plan lists them with that criterion's step)."""
    supports = {c.id: c.supports for c in calls.calls}
    result: dict[str, list[str]] = {}
    for offer in offers:
        for criterion in supports[offer.call_id]:
            result.setdefault(criterion, []).append(offer.call_id)
    return result
