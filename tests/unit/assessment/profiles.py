"""Reviewed company profiles (part 1): the first fifteen, now with their §A3.4 route (see golden_case.Case).

Band C goes to the development track (ZENIT first), band B to clusters and dual-use partners with DEFENCE.NRW as
the front door, band A to primes and the DEFENCE.NRW network. Part 2 is golden_profiles.py.
"""
from __future__ import annotations

from tests.unit.assessment.builders import cert, consents, profile
from tests.unit.assessment.golden_case import VALID, Case

DEV, CLUSTERS, PRIMES = "development_track", "clusters_and_dual_use", "primes_and_network"

CASES = [
    Case("automotive_tier2_iatf", "IATF 16949 (R1=2) and TISAX AL2 (R2=2), no defence access: band B; automotive"
         " suppliers go to automotiveland.nrw/ProduktionNRW behind the front door; Rheinmetall needs band A", profile(
             name="Bergische Umformtechnik GmbH", kreis="Solingen", sector="automotive",
             competences={"CF02": 3, "CF08": 2}, offerings_trl=[8],
             certs=[cert("IATF 16949", VALID), cert("TISAX AL2", VALID)],
             capacity={"mrl": 8, "free_capacity_percent": 25}, export_officer_named=True, goods_classified=True),
         band="B", route=CLUSTERS, must=("automotiveland-nrw", "produktion-nrw"), first="defence-nrw",
         must_not={"rheinmetall": "below_min_band", "defensetech-inkubator-nrw": "outside_target_segment"}),
    Case("photonics_sme_aachen", "ISO 9001 only, TRL 6: band C -> development track with ZENIT first; a 20 % US"
         " investor with an emerging-tech field opens G2 (AWV §55a), so the list is held", profile(
             name="Aachener Photonik GmbH", kreis="Städteregion Aachen", sector="electronics",
             competences={"CF06": 3, "CF05": 1}, offerings_trl=[6], certs=[cert("ISO 9001", VALID)],
             shareholders=[{"name": "Bay Optics Ventures", "country": "US", "percent": 20}]),
         band="C", route=DEV, open_gates=("G2",), first="zenit",
         must_not={"nmwp-nrw": "not_on_route", "defence-nrw": "below_min_band"}),
    Case("cyber_startup_bochum", "Cyber start-up (founded 2023), ISO 27001 but no QMS or production: band C; ZENIT"
         " first, then the cyber helpers DIGITAL.SICHER.NRW and eurobits and the start-up incubator", profile(
             name="Ruhr Secure Systems GmbH", kreis="Bochum", sector="ict_digital", founded=2023, headcount=14,
             competences={"CF12": 3, "CF11": 1}, offerings_trl=[7], certs=[cert("ISO/IEC 27001", VALID)],
             funding=["defence_tech_nrw"], capacity={"mrl": 3}),
         band="C", route=DEV, must=("digital-sicher-nrw", "eurobits", "defensetech-inkubator-nrw"), first="zenit",
         must_not={"ki-nrw": "not_on_route"}),
    Case("foundry_sauerland", "ISO 9001 foundry, MRL 8, no export-control set-up: 31.7 %, band C; ProduktionNRW is"
         " the manufacturing helper of the certification roadmap", profile(
             name="Sauerland Guss GmbH", kreis="Hochsauerlandkreis", sector="metal_processing",
             competences={"CF02": 3}, offerings_trl=[9], certs=[cert("ISO 9001", VALID)], capacity={"mrl": 8}),
         band="C", route=DEV, must=("produktion-nrw",), first="zenit",
         must_not={"automotiveland-nrw": "not_on_route", "plcd": "below_min_band"}),
    Case("machining_cn_shareholder", "30 % Chinese holder opens G2 (AWV §55) whatever the sector; an ISO 9001"
         " machining shop, band C, development track held for the review", profile(
             name="Rhein Präzision GmbH", kreis="Düsseldorf", sector="mechanical_engineering",
             competences={"CF02": 2, "CF04": 1}, offerings_trl=[8], certs=[cert("ISO 9001", VALID)],
             capacity={"mrl": 7}, shareholders=[{"name": "Shenzhen Holding Co", "country": "CN", "percent": 30}]),
         band="C", route=DEV, open_gates=("G2",), must=("produktion-nrw",), first="zenit"),
    Case("electronics_with_itar_parts", "A-level readiness but G3 (ITAR) open caps the band at B (§A3.4); Rheinmetall"
         " needs band A (and avoids ITAR); 5G.NRW fits CF10", profile(
             name="Siegerland Elektronik GmbH", kreis="Kreis Siegen-Wittgenstein", sector="electronics",
             competences={"CF05": 3, "CF10": 2}, offerings_trl=[9],
             certs=[cert("EN 9100", VALID), cert("ISO/IEC 27001", VALID)],
             capacity={"mrl": 9, "small_lot_capable": True, "surge_capable": True},
             access="sub_supplier_to_defence_primes", export_officer_named=True, internal_compliance_programme=True,
             goods_classified=True, prior_bafa_licences=True, us_controlled_content="yes_itar",
             geheimschutz_status="vsnfd_instructions_known", willing_to_enter_geheimschutz=True),
         band="B", route=CLUSTERS, open_gates=("G3",), must=("cc-5g-nrw",), first="defence-nrw",
         must_not={"rheinmetall": "below_min_band"}),
    Case("en9100_aerostructures", "EN 9100 supplier to primes with ICP, no gates: band A -> primes (Rheinmetall) and"
         " the DEFENCE.NRW network (AeroSpace.NRW) behind the front door", profile(
             name="Niederrhein Aerostructures GmbH", kreis="Kreis Kleve", sector="aerospace",
             competences={"CF01": 3, "CF02": 3, "CF04": 2}, offerings_trl=[9],
             certs=[cert("EN 9100", VALID), cert("ISO/IEC 27001", VALID)], ncage="D1234",
             capacity={"mrl": 9, "small_lot_capable": True, "surge_capable": True},
             access="sub_supplier_to_defence_primes", export_officer_named=True, internal_compliance_programme=True,
             goods_classified=True, prior_bafa_licences=True, geheimschutz_status="vsnfd_instructions_known",
             willing_to_enter_geheimschutz=True),
         band="A", route=PRIMES, must=("aerospace-nrw", "rheinmetall"), first="defence-nrw",
         must_not={"kunststoffland-nrw": "not_on_route", "automotiveland-nrw": "outside_target_sector"}),
    Case("composites_plastics", "ISO 9001 composites firm, band C: development track; Kunststoffland NRW is a cluster"
         " for band B, not the development track", profile(
             name="Münsterland Composites GmbH", kreis="Kreis Borken", sector="plastics",
             competences={"CF01": 2, "CF03": 3}, offerings_trl=[7], certs=[cert("ISO 9001", VALID)],
             capacity={"mrl": 7}, export_officer_named=True, goods_classified=True),
         band="C", route=DEV, must=("aerospace-nrw",), first="zenit",
         must_not={"kunststoffland-nrw": "not_on_route"}),
    Case("battery_edrive", "IATF + TISAX AL2 battery/e-drive firm, band B; automotiveland.nrw lists CF09/CA09", profile(
             name="Lippe E-Drive GmbH", kreis="Kreis Lippe", sector="automotive",
             competences={"CF09": 3, "CF05": 2}, offerings_trl=[7],
             certs=[cert("IATF 16949", VALID), cert("TISAX AL2", VALID)],
             capacity={"mrl": 8}, interests=["CA09"], export_officer_named=True, goods_classified=True),
         band="B", route=CLUSTERS, must=("automotiveland-nrw",), first="defence-nrw"),
    Case("ai_autonomy_startup", "AI/autonomy start-up (founded 2024), TRL 5, band C: ZENIT first, the DefenseTech"
         " incubator for start-ups; KI.NRW is a cluster for band B", profile(
             name="Autonomik Labs UG", kreis="Rhein-Kreis Neuss", sector="ict_digital", founded=2024, headcount=6,
             competences={"CF11": 3, "CF07": 2}, offerings_trl=[5], funding=["defence_tech_nrw", "diana"],
             interests=["CA03", "CA08"], capacity={"mrl": 3}),
         band="C", route=DEV, must=("defensetech-inkubator-nrw",), first="zenit",
         must_not={"ki-nrw": "not_on_route", "rheinmetall": "below_min_band"}),
    Case("emc_test_lab", "EMC/test-lab services, band B: Fraunhofer FKIE (CF14/CA15) and ProduktionNRW (CA14);"
         " the automotive cluster serves automotive suppliers only", profile(
             name="Bonner Prüflabor GmbH", kreis="Bonn", sector="engineering_services",
             competences={"CF14": 3}, offerings_trl=[9],
             certs=[cert("ISO 9001", VALID), cert("ISO/IEC 27001", VALID)], capacity={"mrl": 8},
             access="civil_aerospace_or_security_customers", export_officer_named=True,
             internal_compliance_programme=True, goods_classified=True),
         band="B", route=CLUSTERS, must=("produktion-nrw", "fraunhofer-fkie-fhr"), first="defence-nrw",
         must_not={"automotiveland-nrw": "outside_target_sector"}),
    Case("mro_logistics", "ISO 9001 MRO/logistics services, band C: ProduktionNRW covers CA14", profile(
             name="Westfalen Logistik & MRO GmbH", kreis="Dortmund", sector="other",
             competences={"CF15": 3}, offerings_trl=[9], certs=[cert("ISO 9001", VALID)], capacity={"mrl": 7}),
         band="C", route=DEV, must=("produktion-nrw",), first="zenit"),
    Case("munitions_adjacent_forming", "A-level readiness with G4 (war weapons 'possible') open: capped at B, so"
         " the primes' route waits for the KrWaffKontrG review; ProduktionNRW and PLCD meanwhile", profile(
             name="Märkische Schmiede GmbH", kreis="Märkischer Kreis", sector="metal_processing",
             competences={"CF02": 3, "CF13": 2}, offerings_trl=[9],
             certs=[cert("EN 9100", VALID), cert("TISAX AL2", VALID)],
             capacity={"mrl": 9, "small_lot_capable": True, "surge_capable": True},
             access="sub_supplier_to_defence_primes", export_officer_named=True, internal_compliance_programme=True,
             goods_classified=True, war_weapon_relevance="possible", geheimschutz_status="vsnfd_instructions_known",
             willing_to_enter_geheimschutz=True),
         band="B", route=CLUSTERS, open_gates=("G4",), must=("produktion-nrw", "plcd"), first="defence-nrw",
         must_not={"rheinmetall": "below_min_band"}),
    Case("no_partner_consent", "No partner consent: G5 open and nothing may be recommended (GDPR)", profile(
             name="Kölner Sensorik GmbH", kreis="Köln", sector="electronics",
             competences={"CF06": 2}, offerings_trl=[6], certs=[cert("ISO 9001", VALID)]),
         band="C", route=DEV, open_gates=("G5",), consents=consents([]),
         must_not={"zenit": "no_consent", "produktion-nrw": "no_consent"}),
    Case("sanctioned_shareholder", "Shareholder on the (fictional) denied-party list: G1 means stop, nobody is"
         " recommended", profile(
             name="Emscher Maschinenbau GmbH", kreis="Gelsenkirchen", sector="mechanical_engineering",
             competences={"CF08": 2}, offerings_trl=[8], certs=[cert("ISO 9001", VALID)],
             shareholders=[{"name": "Fictitious Arms Brokers Ltd.", "country": "AE", "percent": 15}]),
         band="C", route=DEV, open_gates=("G1",), must_not={"produktion-nrw": "", "zenit": ""}),
]
