"""Readiness R1-R4, R6, R7 for questionnaire 2 (taxonomy 2026.3): the §A3.4 anchors read with the facts the first
form did not ask (ADR 13). R5 is unchanged. Each function says which rung of its anchor the company reached and by
which rule; a rung needs everything its anchor lists ("written ICP, screening, prior BAFA licences" is all three).
"Not stated" counts as not evidenced. Reasons are English expert traces; people read the rule's sentence.
"""
from __future__ import annotations

from datetime import date

from shared.contracts.assessment import ExplanationFact
from shared.contracts.intake import Capacity, CompanyProfile, Compliance
from shared.contracts.vocab import CertificationType as Cert
from shared.contracts.vocab import DefenceMarketAccess as Access
from shared.contracts.vocab import GeheimschutzStatus as Gs
from shared.contracts.vocab import NcageStatus

from .readiness_common import Scored, cert_facts, expired_note, valid_certifications
from .readiness_common import score_r6 as score_r6_v1


def score_r1(profile: CompanyProfile, today: date) -> Scored:
    """3 EN 9100 or AQAP 2110/2310; 2 IATF 16949, or ISO 9001 with configuration management, first article
    inspection and counterfeit prevention; 1 ISO 9001; 0 none."""
    valid = valid_certifications(profile.certifications, today)
    q = profile.quality_practices
    practices = q.configuration_management and q.first_article_inspection and q.counterfeit_prevention
    facts = cert_facts(profile.certifications, today) | {
        "configuration_management": q.configuration_management, "first_article_inspection": q.first_article_inspection,
        "counterfeit_prevention": q.counterfeit_prevention}
    if valid & {Cert.EN_9100, Cert.AQAP_2110, Cert.AQAP_2310}:
        s, why, rule = 3, "EN 9100 or AQAP 2110/2310 held", "R1.aerospace_defence_qms"
    elif Cert.IATF_16949 in valid:
        s, why, rule = 2, "IATF 16949 held", "R1.iatf"
    elif Cert.ISO_9001 in valid and practices:
        s, rule = 2, "R1.iso9001_practices"
        why = "ISO 9001 with configuration management, FAI and counterfeit prevention"
    elif Cert.ISO_9001 in valid:
        s, rule = 1, "R1.iso9001_without_practices"
        why = "ISO 9001 held (not all of configuration management, FAI, counterfeit prevention)"
    else:
        s, why, rule = 0, "no valid QMS certificate", "R1.no_qms"
    return Scored(s, f"R1={s}: {why}{expired_note(profile.certifications, today)}", rule, facts)


def score_r2(profile: CompanyProfile, today: date) -> Scored:
    """3 ISO 27001 plus TISAX AL3, or VS-NfD-approved IT; 2 ISO 27001 or TISAX AL2/AL3; 1 documented basics
    (a documented ISMS, a Grundschutz-Check or a BSI IT-Grundschutz certificate); 0 none."""
    valid = valid_certifications(profile.certifications, today)
    sec = profile.information_security
    facts = cert_facts(profile.certifications, today) | {
        "documented_isms": sec.documented_isms, "grundschutz_check": sec.grundschutz_check,
        "vsnfd_approved_it": sec.vsnfd_approved_it}
    if Cert.ISO_27001 in valid and Cert.TISAX_AL3 in valid:
        s, why, rule = 3, "ISO/IEC 27001 plus TISAX AL3", "R2.iso27001_and_tisax_al3"
    elif sec.vsnfd_approved_it:
        s, why, rule = 3, "IT approved for VS-NfD", "R2.vsnfd_approved_it"
    elif valid & {Cert.ISO_27001, Cert.TISAX_AL2, Cert.TISAX_AL3}:
        s, why, rule = 2, "ISO/IEC 27001 or TISAX AL2/AL3", "R2.iso27001_or_tisax"
    elif sec.documented_isms or sec.grundschutz_check or Cert.BSI_GRUNDSCHUTZ in valid:
        s, why, rule = 1, "documented basics (ISMS, Grundschutz-Check or IT-Grundschutz)", "R2.documented_basics"
    else:
        s, why, rule = 0, "no information-security certificate, label or documented basics", "R2.none"
    return Scored(s, f"R2={s}: {why}{expired_note(profile.certifications, today)}", rule, facts)


def score_r3(c: Compliance) -> Scored:
    """3 certified recipient (2009/43), or Teil I A experience with general licences used; 2 written ICP, screening
    and prior BAFA licences; 1 export officer named and own goods classified; 0."""
    facts: dict[str, ExplanationFact] = {
        "certified_recipient": c.certified_recipient, "makes_teil1a_goods": c.makes_teil1a_goods,
        "general_licences_used": c.general_licences_used, "prior_bafa_licences": c.prior_bafa_licences,
        "icp": c.internal_compliance_programme, "screening": c.screening_in_place,
        "export_officer_named": c.export_officer_named, "goods_classified": c.goods_classified}
    if c.certified_recipient:
        return Scored(3, "R3=3: certified recipient (2009/43)", "R3.certified_recipient", facts)
    if c.makes_teil1a_goods and c.general_licences_used:
        return Scored(3, "R3=3: Teil I A experience and general licences used", "R3.teil1a_general_licences", facts)
    if c.internal_compliance_programme and c.screening_in_place and c.prior_bafa_licences:
        return Scored(2, "R3=2: written ICP, screening and prior BAFA licences", "R3.icp_screening_licences", facts)
    if c.export_officer_named and c.goods_classified:
        return Scored(1, (f"R3=1: export officer named and own goods classified (ICP={c.internal_compliance_programme},"
                          f" screening={c.screening_in_place}, prior licences={c.prior_bafa_licences})"),
                      "R3.officer_and_classified_v2", facts)
    return Scored(0, (f"R3=0: export officer named={c.export_officer_named}, goods classified={c.goods_classified}, "
                      f"ICP={c.internal_compliance_programme}"), "R3.none", facts)


def score_r4(c: Compliance) -> Scored:
    """3 valid Sicherheitsbescheid and cleared staff; 2 in Geheimschutzbetreuung (or holding a Bescheid) with a
    security officer appointed; 1 willing and knows the VS-NfD rules; 0 none or unwilling."""
    status = c.geheimschutz_status
    # Questionnaire 1's status "knows the VS-NfD instructions" still counts as knowing them (API clients may send it).
    knows = c.knows_vsnfd_rules or status is Gs.VSNFD_KNOWN
    facts: dict[str, ExplanationFact] = {
        "status": status.value, "willing": c.willing_to_enter_geheimschutz, "knows_rules": knows,
        "security_officer": c.security_officer_appointed, "cleared_staff": c.cleared_staff}
    in_programme = status in (Gs.IN_BETREUUNG, Gs.SICHERHEITSBESCHEID)
    if status is Gs.SICHERHEITSBESCHEID and c.cleared_staff:
        return Scored(3, "R4=3: valid Sicherheitsbescheid declared and cleared staff (status only, level not verified)",
                      "R4.bescheid_and_cleared_staff", facts)
    if in_programme and c.security_officer_appointed:
        return Scored(2, f"R4=2: {status.value} with a security officer appointed", "R4.betreuung_and_officer", facts)
    if c.willing_to_enter_geheimschutz and knows:
        return Scored(1, "R4=1: willing and knows the VS-NfD rules", "R4.willing_and_knows_rules", facts)
    return Scored(0, (f"R4=0: status={status.value}, willing={c.willing_to_enter_geheimschutz}, knows rules={knows},"
                      f" security officer={c.security_officer_appointed}"), "R4.none_v2", facts)


def score_r6(cap: Capacity) -> Scored:
    """As questionnaire 1 (0 MRL not stated, MRL <= 4 or no free capacity; 1 MRL 5-6; 2 MRL 7-8 with free capacity;
    3 MRL 9-10 with free capacity, small-lot and surge capable), except that free capacity "not stated" is not "no
    capacity": from MRL 5 it scores 1, as free capacity is not shown."""
    if cap.mrl is not None and cap.mrl >= 5 and cap.free_capacity_percent is None:
        return Scored(1, f"R6=1: MRL {cap.mrl}, free capacity not stated", "R6.capacity_not_stated",
                      {"mrl": cap.mrl, "free_capacity_percent": None, "small_lot": cap.small_lot_capable,
                       "surge": cap.surge_capable})
    return score_r6_v1(cap)


def score_r7(profile: CompanyProfile) -> Scored:
    """3 direct contracts; 2 sub-supplier to primes; 1 NCAGE held or civil aerospace/security customers; 0 (an
    NCAGE applied for is not yet held: its own rule, so the sentence says so)."""
    access, ncage = profile.market_access.defence_market_access, profile.company.ncage_state()
    facts: dict[str, ExplanationFact] = {"access": access.value, "ncage": ncage is NcageStatus.HAVE,
                                         "ncage_status": ncage.value}
    if access is Access.DIRECT:
        s, rule = 3, "R7.direct"
    elif access is Access.SUB_SUPPLIER:
        s, rule = 2, "R7.sub_supplier"
    elif access is Access.CIVIL_AERO_SECURITY:
        s, rule = 1, "R7.civil_aero_security"
    elif ncage is NcageStatus.HAVE:
        s, rule = 1, "R7.ncage"
    elif ncage is NcageStatus.APPLIED:
        s, rule = 0, "R7.ncage_applied"
    else:
        s, rule = 0, "R7.none"
    return Scored(s, f"R7={s}: market access={access.value}, NCAGE={ncage.value}", rule, facts)
