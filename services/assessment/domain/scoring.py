"""Capability fit (§A3.3) and readiness criteria R1-R7 (§A3.4). Reasons are English plain text with ids."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from shared.contracts.assessment import AreaFit, CriterionScore, ExplanationFact
from shared.contracts.intake import Certification, CompanyProfile, Compliance, DeclaredCompetence
from shared.contracts.vocab import CertificationType as Cert
from shared.contracts.vocab import DefenceMarketAccess as Access
from shared.contracts.vocab import GeheimschutzStatus as Gs
from shared.taxonomy import Taxonomy

from . import readiness_v2 as v2
from .readiness_common import Scored, cert_facts, expired_note, score_r6, valid_certifications


def proficiency_by_field(competences: Iterable[DeclaredCompetence]) -> dict[str, int]:
    """Highest declared proficiency per field; a field declared twice must not count as extra support."""
    best: dict[str, int] = {}
    for c in competences:
        best[c.field] = max(best.get(c.field, 0), c.proficiency)
    return best


def area_fit(area: str, proficiencies: dict[str, int], taxonomy: Taxonomy) -> AreaFit:
    contributions = sorted(
        ((p / 3 * taxonomy.weight(f, area), f) for f, p in proficiencies.items() if taxonomy.weight(f, area) > 0),
        key=lambda cf: (-cf[0], cf[1]),
    )
    if not contributions:
        return AreaFit(area=area, score=0.0, best_field=None, reason=f"{area}: no declared field maps to this area",
                       rule="fit.no_field", facts={"area": area})
    best_value, best_field = contributions[0]
    supporting = sorted(f for _, f in contributions[1:])
    bonus = taxonomy.fit_support_bonus * len(supporting)
    score = min(1.0, best_value + bonus)
    reason = (
        f"{area}: max over fields of proficiency/3 x weight = {proficiencies[best_field]}/3 x "
        f"{taxonomy.weight(best_field, area):g} from {best_field} = {best_value:.3f}; "
        f"+{taxonomy.fit_support_bonus:g} x {len(supporting)} further supporting field(s)"
        f"{' (' + ', '.join(supporting) + ')' if supporting else ''}; capped at 1.0 -> {score:.3f}"
    )
    facts: dict[str, ExplanationFact] = {
        "area": area, "best_field": best_field, "proficiency": proficiencies[best_field],
        "weight": taxonomy.weight(best_field, area), "supporting_fields": supporting,
        "supporting_count": len(supporting), "bonus": round(bonus, 4), "score": round(score, 4)}
    return AreaFit(area=area, score=round(score, 4), best_field=best_field, supporting_fields=supporting, reason=reason,
                   rule="fit.supported" if supporting else "fit.best_field", facts=facts)


def capability_fit(profile: CompanyProfile, taxonomy: Taxonomy) -> list[AreaFit]:
    """All areas of the taxonomy, best first (ties by area id, so the order is stable)."""
    proficiencies = proficiency_by_field(profile.competences)
    fits = [area_fit(a.id, proficiencies, taxonomy) for a in taxonomy.capability_areas]
    return sorted(fits, key=lambda f: (-f.score, f.area))


def score_r1(certs: Sequence[Certification], today: date) -> Scored:
    valid = valid_certifications(certs, today)
    if valid & {Cert.EN_9100, Cert.AQAP_2110, Cert.AQAP_2310}:
        s, why, rule = 3, "EN 9100 or AQAP 2110/2310 held", "R1.aerospace_defence_qms"
    elif Cert.IATF_16949 in valid:
        s, why, rule = 2, "IATF 16949 held", "R1.iatf"
    elif Cert.ISO_9001 in valid:
        s, why, rule = 1, "ISO 9001 held", "R1.iso9001"
    else:
        s, why, rule = 0, "no valid QMS certificate", "R1.no_qms"
    return Scored(s, f"R1={s}: {why}{expired_note(certs, today)}", rule, cert_facts(certs, today))


def score_r2(certs: Sequence[Certification], today: date) -> Scored:
    valid = valid_certifications(certs, today)
    if Cert.ISO_27001 in valid and Cert.TISAX_AL3 in valid:
        s, why, rule = 3, "ISO/IEC 27001 plus TISAX AL3", "R2.iso27001_and_tisax_al3"
    elif valid & {Cert.ISO_27001, Cert.TISAX_AL2, Cert.TISAX_AL3}:
        s, why, rule = 2, "ISO/IEC 27001 or TISAX AL2/AL3", "R2.iso27001_or_tisax"
    elif Cert.BSI_GRUNDSCHUTZ in valid:
        s, rule = 1, "R2.grundschutz"
        why = "BSI IT-Grundschutz (scored as documented basics per the R2 anchor of §A3.4)"
    else:
        s, why, rule = 0, "no valid information-security certificate or label", "R2.none"
    return Scored(s, f"R2={s}: {why}{expired_note(certs, today)}", rule, cert_facts(certs, today))


def score_r3(c: Compliance) -> Scored:
    facts: dict[str, ExplanationFact] = {
        "certified_recipient": c.certified_recipient, "makes_teil1a_goods": c.makes_teil1a_goods,
        "prior_bafa_licences": c.prior_bafa_licences, "icp": c.internal_compliance_programme,
        "export_officer_named": c.export_officer_named, "goods_classified": c.goods_classified}
    if c.certified_recipient or (c.makes_teil1a_goods and c.prior_bafa_licences):
        return Scored(3, "R3=3: certified recipient (2009/43) or Teil I A goods with prior BAFA licences",
                      "R3.certified_recipient" if c.certified_recipient else "R3.teil1a_with_licences", facts)
    if c.internal_compliance_programme and c.export_officer_named:
        return Scored(2, "R3=2: written ICP and export officer named", "R3.icp_and_officer", facts)
    if c.export_officer_named and c.goods_classified:
        return Scored(1, "R3=1: export officer named and own goods classified; no written ICP",
                      "R3.officer_and_classified", facts)
    return Scored(0, (f"R3=0: export officer named={c.export_officer_named}, goods classified={c.goods_classified}, "
                      f"ICP={c.internal_compliance_programme}"), "R3.none", facts)


def score_r4(c: Compliance) -> Scored:
    status = c.geheimschutz_status
    facts: dict[str, ExplanationFact] = {"status": status.value, "willing": c.willing_to_enter_geheimschutz}
    if status is Gs.SICHERHEITSBESCHEID:
        return Scored(3, "R4=3: valid Sicherheitsbescheid declared (status only, level not verified)",
                      "R4.sicherheitsbescheid", facts)
    if status is Gs.IN_BETREUUNG:
        return Scored(2, "R4=2: in Geheimschutzbetreuung", "R4.in_betreuung", facts)
    # An amendment of a questionnaire-1 enquiry states "knows the rules" as its own fact (form_prefill.py).
    if (status is Gs.VSNFD_KNOWN or c.knows_vsnfd_rules) and c.willing_to_enter_geheimschutz:
        return Scored(1, "R4=1: willing and knows the VS-NfD instructions", "R4.willing_and_knows_vsnfd", facts)
    return Scored(0, f"R4=0: status={status.value}, willing={c.willing_to_enter_geheimschutz}", "R4.none", facts)


def score_r5(profile: CompanyProfile) -> Scored:
    if not profile.offerings:
        return Scored(0, "R5=0: no offering declared", "R5.no_offering", {"offerings": 0})
    best = max(o.trl for o in profile.offerings)
    s = 3 if best >= 8 else 2 if best >= 6 else 1 if best >= 4 else 0
    return Scored(s, f"R5={s}: best offering TRL {best}", "R5.best_trl",
                  {"best_trl": best, "offerings": len(profile.offerings)})


def score_r7(profile: CompanyProfile) -> Scored:
    access, ncage = profile.market_access.defence_market_access, profile.company.ncage
    if access is Access.DIRECT:
        s, rule = 3, "R7.direct"
    elif access is Access.SUB_SUPPLIER:
        s, rule = 2, "R7.sub_supplier"
    elif access is Access.CIVIL_AERO_SECURITY or ncage:
        s, rule = 1, "R7.civil_aero_security" if access is Access.CIVIL_AERO_SECURITY else "R7.ncage"
    else:
        s, rule = 0, "R7.none"
    return Scored(s, f"R7={s}: market access={access.value}, NCAGE={'yes' if ncage else 'no'}", rule,
                  {"access": access.value, "ncage": bool(ncage)})


def readiness(profile: CompanyProfile, taxonomy: Taxonomy, *, today: date) -> list[CriterionScore]:
    """R1-R7 by the rule set of the taxonomy's questionnaire (1: the first form's facts, 2: ADR 13)."""
    results = _readiness_v2(profile, today) if taxonomy.questionnaire >= 2 else {
        "R1": score_r1(profile.certifications, today),
        "R2": score_r2(profile.certifications, today),
        "R3": score_r3(profile.compliance),
        "R4": score_r4(profile.compliance),
        "R5": score_r5(profile),
        "R6": score_r6(profile.capacity),
        "R7": score_r7(profile),
    }
    return [
        CriterionScore(criterion=c.id, score=results[c.id].score, weight=c.weight, reason=results[c.id].reason,
                       rule=results[c.id].rule, facts=results[c.id].facts)
        for c in taxonomy.readiness_criteria
    ]


def _readiness_v2(profile: CompanyProfile, today: date) -> dict[str, Scored]:
    return {"R1": v2.score_r1(profile, today), "R2": v2.score_r2(profile, today), "R3": v2.score_r3(profile.compliance),
            "R4": v2.score_r4(profile.compliance), "R5": score_r5(profile), "R6": v2.score_r6(profile.capacity),
            "R7": v2.score_r7(profile)}


def readiness_percent(scores: Sequence[CriterionScore]) -> float:
    """Σ(w×s) / (3×Σw) × 100, per §A3.4."""
    total_weight = sum(s.weight for s in scores)
    return sum(s.weight * s.score for s in scores) / (3 * total_weight) * 100
