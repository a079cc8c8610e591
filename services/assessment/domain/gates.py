"""Hard gates G1-G6 (§A3.4). Separate from the score; an open gate blocks introductions until reviewed."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from shared.contracts.assessment import ExplanationFact, GateFinding
from shared.contracts.intake import CompanyProfile, Compliance, Consents, Shareholder
from shared.contracts.vocab import UsControlledContent as Us
from shared.contracts.vocab import WarWeaponRelevance as Ww
from shared.taxonomy import PartnerDirectory, Taxonomy
from shared.taxonomy.model import OwnershipScreening

# Legal-form words dropped before comparing, so "Foo GmbH" and "FOO" match; fuzzy matching is the official tool's job.
_LEGAL_FORMS = frozenset({"gmbh", "ag", "se", "kg", "ohg", "ug", "ek", "eg", "ev", "co", "llc", "ltd", "inc", "plc",
                          "sa", "bv"})


def normalise_name(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_name.casefold()).split()
    return " ".join(w for w in words if w not in _LEGAL_FORMS)


class SanctionsScreen(Protocol):
    def matches(self, names: Sequence[str]) -> list[str]:
        """The screened names that hit the list (as given)."""
        ...


class ListSanctionsScreen:
    """Exact match after normalisation against a parsed list (see shared.taxonomy.load_sanctions_list)."""

    def __init__(self, entries: Iterable[str]) -> None:
        self._entries = frozenset(n for n in (normalise_name(e) for e in entries) if n)

    def matches(self, names: Sequence[str]) -> list[str]:
        return [n for n in names if normalise_name(n) in self._entries]


def _finding(gate: str, is_open: bool, reason: str, *, rule: str,
             facts: dict[str, ExplanationFact] | None = None) -> GateFinding:
    return GateFinding(gate=gate, status="open" if is_open else "clear", reason=reason, rule=rule, facts=facts or {})


def check_sanctions(profile: CompanyProfile, screen: SanctionsScreen) -> GateFinding:
    names = [profile.company.name, *(s.name for s in profile.compliance.shareholders)]
    hits = screen.matches(names)
    if hits:
        return _finding("G1", True, f"G1 open: denied-party list match for {', '.join(hits)}; stop and review",
                        rule="G1.match", facts={"names": hits, "screened": len(names)})
    return _finding("G1", False, f"G1 clear: {len(names)} name(s) screened (company and shareholders), no match",
                    rule="G1.clear", facts={"screened": len(names)})


def _ownership_hits(holders: Sequence[Shareholder], rules: OwnershipScreening, *, teil1a: bool,
                    emerging: bool) -> list[tuple[str, Shareholder, str]]:
    """(English trace, holder, law id) for each holder that needs a compliance review."""
    hits = []
    for h in holders:
        foreign, non_eu = h.country != rules.home_country, h.country not in rules.eu_member_states
        holder = f"{h.name} ({h.country}, {h.percent:g}%)"
        if teil1a and foreign and h.percent >= rules.sector_specific_percent:
            hits.append((f"{holder}: foreign holder >= {rules.sector_specific_percent:g}% in a Teil I A producer"
                         " (AWV §60)", h, "awv_60"))
        elif non_eu and h.percent >= rules.cross_sector_percent:
            hits.append((f"{holder}: non-EU holder >= {rules.cross_sector_percent:g}% (AWV §55)", h, "awv_55"))
        elif emerging and non_eu and h.percent >= rules.emerging_tech_percent:
            hits.append((f"{holder}: non-EU holder >= {rules.emerging_tech_percent:g}% with emerging-tech fields"
                         " (AWV §55a nos. 8-27)", h, "awv_55a"))
    return hits


def check_ownership(profile: CompanyProfile, rules: OwnershipScreening) -> GateFinding:
    c = profile.compliance
    emerging_fields = sorted({d.field for d in profile.competences} & set(rules.emerging_tech_fields))
    hits = _ownership_hits(c.shareholders, rules, teil1a=c.makes_teil1a_goods, emerging=bool(emerging_fields))
    rule = (f"rule: any non-{rules.home_country} holder >= {rules.sector_specific_percent:g}% if Teil I A goods; "
            f"non-EU >= {rules.cross_sector_percent:g}%; non-EU >= {rules.emerging_tech_percent:g}% "
            f"if declaring {'/'.join(rules.emerging_tech_fields)}")
    context = f"Teil I A={c.makes_teil1a_goods}, emerging-tech fields={emerging_fields or 'none'}"
    if hits:
        return _finding("G2", True, f"G2 open: {'; '.join(h[0] for h in hits)}. Compliance review ({rule})",
                        rule="G2.review", facts={"holders": [f"{h.name} ({h.country}, {h.percent:g} %)"
                                                             for _, h, _ in hits],
                                                 "laws": sorted({law for _, _, law in hits})})
    return _finding("G2", False, f"G2 clear: {len(c.shareholders)} holder(s) >= 10% checked; {context} ({rule})",
                    rule="G2.clear", facts={"holders_checked": len(c.shareholders), "teil1a": c.makes_teil1a_goods,
                                            "emerging_fields": emerging_fields})


def check_us_content(compliance: Compliance) -> GateFinding:
    us = compliance.us_controlled_content
    if us is Us.YES_ITAR:
        return _finding("G3", True, "G3 open: ITAR-controlled content declared (see-through rule);"
                                    " partners avoiding ITAR are excluded", rule="G3.itar")
    if us is Us.YES_EAR:
        return _finding("G3", True, "G3 open: EAR-controlled US content declared; re-export rules to be checked",
                        rule="G3.ear")
    if us is Us.UNKNOWN:
        return _finding("G3", True, "G3 open: US-controlled content unknown; needs clarification", rule="G3.unknown")
    return _finding("G3", False, "G3 clear: no US-controlled content declared", rule="G3.clear")


def check_war_weapons(compliance: Compliance) -> GateFinding:
    ww = compliance.war_weapon_relevance
    if ww in (Ww.POSSIBLE, Ww.YES_WITHOUT_PERMIT):
        return _finding("G4", True, f"G4 open: war-weapon relevance '{ww.value}'; KrWaffKontrG specialist review",
                        rule="G4.review", facts={"relevance": ww.value})
    if ww is Ww.YES_WITH_PERMIT:
        return _finding("G4", False, "G4 clear: war-weapon relevance declared with KrWaffKontrG permit"
                                     " (verify permit in review)", rule="G4.with_permit")
    return _finding("G4", False, "G4 clear: no war-weapon relevance declared", rule="G4.clear")


def consented_partner_ids(consents: Consents, known_ids: Collection[str]) -> list[str]:
    """Whom the company agreed to be introduced to: with "all suitable partners" every directory partner (the
    route and the advisor decide who is suitable), else the ones it named."""
    if consents.share_with_all_suitable:
        return sorted(known_ids)
    return sorted(set(consents.share_with_partners) & set(known_ids))


def check_consent(consents: Consents, partners: PartnerDirectory) -> GateFinding:
    if consents.share_with_all_suitable:
        return _finding("G5", False, "G5 clear: consent to share with all suitable partners", rule="G5.all_suitable",
                        facts={"count": len(partners.ids)})
    known = consented_partner_ids(consents, partners.ids)
    unknown = sorted(set(consents.share_with_partners) - partners.ids)
    note = f"; ignored unknown partner ids: {', '.join(unknown)}" if unknown else ""
    if not known:
        return _finding("G5", True, f"G5 open: no consent to share the profile with any directory partner{note}",
                        rule="G5.no_consent", facts={"unknown_partners": unknown})
    return _finding("G5", False, f"G5 clear: consent for {len(known)} partner(s): {', '.join(known)}{note}",
                    rule="G5.clear", facts={"count": len(known), "partners": known, "unknown_partners": unknown})


@dataclass(frozen=True)
class ClassifiedUpload:
    """An upload intake refused for a classification marking (intake.document.refused.v1); never its content."""
    name: str
    mark: str
    found_in: str
    sha256: str


def check_uploads(classified: Sequence[ClassifiedUpload] = ()) -> GateFinding:
    if not classified:
        return _finding("G6", False, "G6 clear: no upload carried a classification marking", rule="G6.clear")
    listed = "; ".join(f"'{u.name}' marked {u.mark} ({u.found_in}, sha256 {u.sha256[:12]})" for u in classified)
    return _finding("G6", True, f"G6 open: classified material offered in {len(classified)} upload(s): {listed}."
                                " Refused and not stored; tell the company's security officer (SiBe)",
                    rule="G6.classified", facts={"count": len(classified), "names": [u.name for u in classified],
                                                 "marks": sorted({u.mark for u in classified})})


def check_gates(profile: CompanyProfile, consents: Consents, *, taxonomy: Taxonomy, partners: PartnerDirectory,
                sanctions: SanctionsScreen, classified_uploads: Sequence[ClassifiedUpload] = ()) -> list[GateFinding]:
    return [
        check_sanctions(profile, sanctions),
        check_ownership(profile, taxonomy.ownership_screening),
        check_us_content(profile.compliance),
        check_war_weapons(profile.compliance),
        check_consent(consents, partners),
        check_uploads(classified_uploads),
    ]
