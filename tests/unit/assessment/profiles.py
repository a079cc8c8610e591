"""Realistic company profiles with the outcome an advisor would defend against domain.md §A2-§A4.

Each case: profile, consents, expected band, expected open gates, partners expected among the (top 5)
recommendations, the expected first partner where the data makes one clearly best, and partners that must not
be recommended.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shared.contracts.intake import CompanyProfile, Consents
from tests.unit.assessment.builders import cert, consents, profile

VALID = date(2028, 6, 30)


@dataclass(frozen=True)
class Case:
    name: str
    profile: CompanyProfile
    band: str
    open_gates: tuple[str, ...] = ()
    in_top5: tuple[str, ...] = ()
    top1: str | None = None
    not_recommended: tuple[str, ...] = ()
    consents: Consents = field(default_factory=consents)


CASES = [
    # IATF 16949 (R1=2) and TISAX AL2 (R2=2) are typical automotive tier-2 assets (§A2.1, §A2.6); no defence access,
    # no ICP -> mid readiness, band B. automotiveland.nrw/ProduktionNRW are the natural first step (§A4).
    Case("automotive_tier2_iatf", profile(
        name="Bergische Umformtechnik GmbH", kreis="Solingen", sector="automotive",
        competences={"CF02": 3, "CF08": 2}, offerings_trl=[8],
        certs=[cert("IATF 16949", VALID), cert("TISAX AL2", VALID)],
        capacity={"mrl": 8, "free_capacity_percent": 25}, export_officer_named=True, goods_classified=True,
    ), band="B", in_top5=("automotiveland-nrw", "produktion-nrw")),
    # Photonics SME: CF06 maps primarily to CA04/CA05 (§A3.3); NMWP.NRW is the photonics cluster (§A4). ISO 9001 only,
    # prototype TRL 6 -> band C. US investor at 20 % with an emerging-tech field opens G2 (AWV §55a 20 %, §A2.4).
    Case("photonics_sme_aachen", profile(
        name="Aachener Photonik GmbH", kreis="Städteregion Aachen", sector="electronics",
        competences={"CF06": 3, "CF05": 1}, offerings_trl=[6], certs=[cert("ISO 9001", VALID)],
        shareholders=[{"name": "Bay Optics Ventures", "country": "US", "percent": 20}],
    ), band="C", open_gates=("G2",), in_top5=("nmwp-nrw", "fraunhofer-fkie-fhr"), top1="fraunhofer-fkie-fhr"),
    # Cyber start-up in Bochum: CF12 -> CA06/CA07; DIGITAL.SICHER.NRW and eurobits (Bochum) are the cyber bodies (§A4).
    # ISO 27001 but no QMS, no production -> band C.
    Case("cyber_startup_bochum", profile(
        name="Ruhr Secure Systems GmbH", kreis="Bochum", sector="ict_digital",
        competences={"CF12": 3, "CF11": 1}, offerings_trl=[7], certs=[cert("ISO/IEC 27001", VALID)],
        funding=["defence_tech_nrw"], capacity={"mrl": 3},
    ), band="C", in_top5=("digital-sicher-nrw", "eurobits"), top1="defensetech-inkubator-nrw"),
    # Foundry: CF02 -> CA02/CA11/CA12. ISO 9001, MRL 8, no defence access and no export-control set-up -> 31.7 %, C.
    Case("foundry_sauerland", profile(
        name="Sauerland Guss GmbH", kreis="Hochsauerlandkreis", sector="metal_processing",
        competences={"CF02": 3}, offerings_trl=[9], certs=[cert("ISO 9001", VALID)], capacity={"mrl": 8},
    ), band="C", in_top5=("produktion-nrw", "automotiveland-nrw")),
    # 30 % Chinese shareholder: non-EU >= 25 % opens G2 (AWV §55) whatever the sector (§A2.4). Otherwise an ISO 9001
    # machining shop, band C.
    Case("machining_cn_shareholder", profile(
        name="Rhein Präzision GmbH", kreis="Düsseldorf", sector="mechanical_engineering",
        competences={"CF02": 2, "CF04": 1}, offerings_trl=[8], certs=[cert("ISO 9001", VALID)], capacity={"mrl": 7},
        shareholders=[{"name": "Shenzhen Holding Co", "country": "CN", "percent": 30}],
    ), band="C", open_gates=("G2",), in_top5=("produktion-nrw",)),
    # ITAR parts: G3 open; Rheinmetall (avoids ITAR, assumed) must not appear although the firm is otherwise strong.
    # Band capped at B by the open gate (§A3.4: A needs no open gates).
    Case("electronics_with_itar_parts", profile(
        name="Siegerland Elektronik GmbH", kreis="Kreis Siegen-Wittgenstein", sector="electronics",
        competences={"CF05": 3, "CF10": 2}, offerings_trl=[9],
        certs=[cert("EN 9100", VALID), cert("ISO/IEC 27001", VALID)],
        capacity={"mrl": 9, "small_lot_capable": True, "surge_capable": True}, access="sub_supplier_to_defence_primes",
        export_officer_named=True, internal_compliance_programme=True, goods_classified=True, prior_bafa_licences=True,
        us_controlled_content="yes_itar", geheimschutz_status="vsnfd_instructions_known",
        willing_to_enter_geheimschutz=True,
    ), band="B", open_gates=("G3",), in_top5=("cc-5g-nrw",), not_recommended=("rheinmetall",)),
    # EN 9100 aerostructures supplier already delivering to primes, ICP, VS-NfD known: readiness >= 70 %, no gates,
    # band A -> introductions to primes (Rheinmetall) and AeroSpace.NRW (§A3.4 routing).
    Case("en9100_aerostructures", profile(
        name="Niederrhein Aerostructures GmbH", kreis="Kreis Kleve", sector="aerospace",
        competences={"CF01": 3, "CF02": 3, "CF04": 2}, offerings_trl=[9],
        certs=[cert("EN 9100", VALID), cert("ISO/IEC 27001", VALID)], ncage="D1234",
        capacity={"mrl": 9, "small_lot_capable": True, "surge_capable": True}, access="sub_supplier_to_defence_primes",
        export_officer_named=True, internal_compliance_programme=True, goods_classified=True, prior_bafa_licences=True,
        geheimschutz_status="vsnfd_instructions_known", willing_to_enter_geheimschutz=True,
    ), band="A", in_top5=("aerospace-nrw", "rheinmetall")),
    # Composites/plastics firm: CF01/CF03 -> CA01/CA03 primary; Kunststoffland NRW covers exactly these (§A4).
    Case("composites_plastics", profile(
        name="Münsterland Composites GmbH", kreis="Kreis Borken", sector="plastics",
        competences={"CF01": 2, "CF03": 3}, offerings_trl=[7], certs=[cert("ISO 9001", VALID)],
        capacity={"mrl": 7}, export_officer_named=True, goods_classified=True,
    ), band="C", top1="kunststoffland-nrw"),
    # Battery/e-drive firm: CF09 -> CA03/CA09; automotiveland.nrw lists CF09/CA09 (§A4). IATF + TISAX AL2 -> band B.
    Case("battery_edrive", profile(
        name="Lippe E-Drive GmbH", kreis="Kreis Lippe", sector="automotive",
        competences={"CF09": 3, "CF05": 2}, offerings_trl=[7],
        certs=[cert("IATF 16949", VALID), cert("TISAX AL2", VALID)],
        capacity={"mrl": 8}, interests=["CA09"], export_officer_named=True, goods_classified=True,
    ), band="B", top1="automotiveland-nrw"),
    # AI/autonomy start-up: CF11 -> CA03/CA04/CA08; KI.NRW and the DefenseTech-Inkubator.NRW fit (§A1, §A4).
    Case("ai_autonomy_startup", profile(
        name="Autonomik Labs UG", kreis="Rhein-Kreis Neuss", sector="ict_digital",
        competences={"CF11": 3, "CF07": 2}, offerings_trl=[5], funding=["defence_tech_nrw", "diana"],
        interests=["CA03", "CA08"], capacity={"mrl": 3},
    ), band="C", in_top5=("ki-nrw",), top1="defensetech-inkubator-nrw"),
    # EMC/test-lab services: CF14 -> CA14/CA15; ProduktionNRW lists CF14/CA14 and Fraunhofer FKIE CF14/CA15.
    Case("emc_test_lab", profile(
        name="Bonner Prüflabor GmbH", kreis="Bonn", sector="engineering_services",
        competences={"CF14": 3}, offerings_trl=[9], certs=[cert("ISO 9001", VALID), cert("ISO/IEC 27001", VALID)],
        capacity={"mrl": 8}, access="civil_aerospace_or_security_customers",
        export_officer_named=True, internal_compliance_programme=True, goods_classified=True,
    ), band="B", in_top5=("produktion-nrw",), top1="fraunhofer-fkie-fhr"),
    # MRO/logistics services: CF15 -> CA14/CA15; ProduktionNRW covers CA14 (§A4).
    Case("mro_logistics", profile(
        name="Westfalen Logistik & MRO GmbH", kreis="Dortmund", sector="other",
        competences={"CF15": 3}, offerings_trl=[9], certs=[cert("ISO 9001", VALID)], capacity={"mrl": 7},
    ), band="C", top1="produktion-nrw"),
    # Munitions-adjacent metal forming with war-weapon relevance 'possible': G4 open (KrWaffKontrG review, §A2.3);
    # readiness >= 70 % would be A, the open gate caps it at B.
    Case("munitions_adjacent_forming", profile(
        name="Märkische Schmiede GmbH", kreis="Märkischer Kreis", sector="metal_processing",
        competences={"CF02": 3, "CF13": 2}, offerings_trl=[9], certs=[cert("EN 9100", VALID), cert("TISAX AL2", VALID)],
        capacity={"mrl": 9, "small_lot_capable": True, "surge_capable": True}, access="sub_supplier_to_defence_primes",
        export_officer_named=True, internal_compliance_programme=True, goods_classified=True,
        war_weapon_relevance="possible", geheimschutz_status="vsnfd_instructions_known",
        willing_to_enter_geheimschutz=True,
    ), band="B", open_gates=("G4",), in_top5=("produktion-nrw", "rheinmetall")),
    # No partner consent: G5 open and nothing may be recommended (GDPR, §A3.4 G5) although the fit is good.
    Case("no_partner_consent", profile(
        name="Kölner Sensorik GmbH", kreis="Köln", sector="electronics",
        competences={"CF06": 2}, offerings_trl=[6], certs=[cert("ISO 9001", VALID)],
    ), band="C", open_gates=("G5",), consents=consents([])),
    # Shareholder on the (fictional example) denied-party list: G1 open means stop (§A3.4), so nobody is recommended.
    Case("sanctioned_shareholder", profile(
        name="Emscher Maschinenbau GmbH", kreis="Gelsenkirchen", sector="mechanical_engineering",
        competences={"CF08": 2}, offerings_trl=[8], certs=[cert("ISO 9001", VALID)],
        shareholders=[{"name": "Fictitious Arms Brokers Ltd.", "country": "AE", "percent": 15}],
    ), band="C", open_gates=("G1",), not_recommended=("produktion-nrw",)),
]
