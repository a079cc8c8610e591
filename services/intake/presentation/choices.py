"""The options of every select and checkbox list, labelled in one language."""
from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.vocab import (
    NRW_REGIONS,
    OUTSIDE_NRW,
    CertificationType,
    DefenceMarketAccess,
    ExportRegion,
    FundingInterest,
    GeheimschutzStatus,
    Language,
    LegalForm,
    NcageStatus,
    SectorOfOrigin,
    UsControlledContent,
    WarWeaponRelevance,
)
from shared.taxonomy import PartnerDirectory, Taxonomy

from ..domain.form_mapping import NOT_STATED, SHARE_ALL, SHARE_NAMED
from .i18n import translator

Options = list[tuple[str, str]]


@dataclass(frozen=True)
class Choices:
    legal_forms: Options
    regions: list[tuple[str, tuple[str, ...]]]
    outside_nrw: str
    sectors: Options
    competence_fields: Options
    proficiency: Options
    trl: Options
    mrl: Options
    capability_areas: Options
    funding: Options
    certification_types: Options
    us_content: Options
    geheimschutz: Options
    war_weapon: Options
    market_access: Options
    languages: Options
    partners: Options
    ncage: Options
    export_regions: Options
    share_scopes: Options


def build_choices(*, taxonomy: Taxonomy, partners: PartnerDirectory, lang: str) -> Choices:
    t = translator(lang)
    return Choices(
        legal_forms=[(f.value, t("legal_form.other") if f == LegalForm.OTHER else f.value) for f in LegalForm],
        regions=list(NRW_REGIONS.items()),
        outside_nrw=OUTSIDE_NRW,
        sectors=[(s.value, t(f"sector.{s.value}")) for s in SectorOfOrigin],
        competence_fields=[(f.id, f.label.in_(lang)) for f in taxonomy.competence_fields],
        proficiency=[(str(i), t(f"proficiency.{i}")) for i in (1, 2, 3)],
        trl=[(str(i), f"TRL {i}") for i in range(1, 10)],
        mrl=[*((str(i), f"MRL {i}") for i in range(1, 11)), (NOT_STATED, t("mrl.not_stated"))],
        capability_areas=[(a.id, a.label.in_(lang)) for a in taxonomy.capability_areas],
        funding=[(f.value, t(f"funding.{f.value}")) for f in FundingInterest],
        certification_types=[(c.value, t("certifications.other") if c == CertificationType.OTHER else c.value)
                             for c in CertificationType],
        us_content=[(u.value, t(f"us.{u.value}")) for u in UsControlledContent],
        # Questionnaire 2 asks "knows the VS-NfD rules" on its own; the old status value is no longer offered.
        geheimschutz=[(g.value, t(f"gs.{g.value}")) for g in GeheimschutzStatus
                      if g is not GeheimschutzStatus.VSNFD_KNOWN],
        war_weapon=[(w.value, t(f"ww.{w.value}")) for w in WarWeaponRelevance],
        market_access=[(m.value, t(f"ma.{m.value}")) for m in DefenceMarketAccess],
        languages=[(x.value, t(f"lang.{x.value}")) for x in Language],
        partners=[(p.id, p.name) for p in partners.partners],
        ncage=[(n.value, t(f"ncage.{n.value}")) for n in NcageStatus],
        export_regions=[(r.value, t(f"region.{r.value}")) for r in ExportRegion],
        share_scopes=[(SHARE_ALL, t("share.all")), (SHARE_NAMED, t("share.named"))],
    )
