"""Reviewed company profiles (part 2): target groups, their edges, the front door and dated funding calls."""
from __future__ import annotations

from datetime import date

from tests.unit.assessment.builders import ALL_PARTNERS, cert, consents, profile
from tests.unit.assessment.golden_case import VALID, Case

DEV, CLUSTERS, PRIMES = "development_track", "clusters_and_dual_use", "primes_and_network"
DTN = "defence-tech-nrw-2026"
STRONG = {  # an A-level defence supplier's compliance and capacity
    "export_officer_named": True, "internal_compliance_programme": True, "goods_classified": True,
    "prior_bafa_licences": True, "certified_recipient": True, "geheimschutz_status": "sicherheitsbescheid",
    "willing_to_enter_geheimschutz": True, "access": "direct_defence_contracts", "offerings_trl": [9],
    "capacity": {"mrl": 9, "small_lot_capable": True, "surge_capable": True},
    "certs": [cert("EN 9100", VALID), cert("AQAP 2110", VALID), cert("ISO/IEC 27001", VALID), cert("TISAX AL3", VALID)],
}
AI_STARTUP = {"kreis": "Rhein-Kreis Neuss", "sector": "ict_digital", "competences": {"CF11": 3, "CF07": 2},
              "offerings_trl": [5], "interests": ["CA03", "CA08"], "capacity": {"mrl": 3}, "headcount": 9}
CYBER_C = {"kreis": "Bochum", "sector": "ict_digital", "competences": {"CF12": 3}, "offerings_trl": [7],
           "certs": [cert("ISO/IEC 27001", VALID)], "capacity": {"mrl": 3}}

GOLDEN = [
    Case("large_defence_house", "2,400-employee system supplier with EN 9100/AQAP, direct contracts and a"
         " Sicherheitsbescheid: band A, DEFENCE.NRW first, Rheinmetall; never the start-up incubator or the SME"
         " cyber help", profile(name="Rheinische Wehrtechnik AG", kreis="Düsseldorf", sector="mechanical_engineering",
                                headcount=2400, founded=1952, competences={"CF02": 3, "CF08": 3, "CF05": 2}, **STRONG),
         band="A", route=PRIMES, must=("rheinmetall",), first="defence-nrw",
         must_not={"defensetech-inkubator-nrw": "outside_target_segment",
                   "digital-sicher-nrw": "outside_target_segment", "circular-valley": "outside_target_segment"}),
    Case("band_a_without_front_door_consent", "Band A, but the company did not consent to DEFENCE.NRW: the front"
         " door is absent (no consent), the primes' route still ranks", profile(
             name="Niederrhein Präzision GmbH", kreis="Kreis Kleve", sector="aerospace",
             competences={"CF01": 3, "CF02": 3}, **STRONG),
         band="A", route=PRIMES, must=("rheinmetall", "aerospace-nrw"), must_not={"defence-nrw": "no_consent"},
         consents=consents([p for p in ALL_PARTNERS if p != "defence-nrw"])),
    Case("drone_startup_band_b", "Drone start-up (founded 2024) with ISO 9001, TISAX AL2, TRL 7 and an export"
         " officer: band B; the incubator serves it, the prime needs band A", profile(
             name="Skyline Drones GmbH", kreis="Düsseldorf", sector="aerospace", founded=2024, headcount=25,
             competences={"CF11": 3, "CF06": 2, "CF04": 2}, offerings_trl=[7], interests=["CA03"],
             certs=[cert("ISO 9001", VALID), cert("TISAX AL2", VALID)], capacity={"mrl": 7},
             export_officer_named=True, internal_compliance_programme=True, goods_classified=True,
             access="civil_aerospace_or_security_customers"),
         band="B", route=CLUSTERS, must=("defensetech-inkubator-nrw",), first="defence-nrw",
         must_not={"rheinmetall": "below_min_band"}),
    Case("startup_age_5_inside", "Founded 2021, assessed 2026: five years, still a start-up (segment rule <= 5)",
         profile(name="Fünf Jahre KI GmbH", founded=2021, **AI_STARTUP),
         band="C", route=DEV, must=("defensetech-inkubator-nrw",), first="zenit"),
    Case("startup_age_6_outside", "Founded 2020, assessed 2026: six years, no longer a start-up; the incubator is"
         " excluded as outside its target group", profile(name="Sechs Jahre KI GmbH", founded=2020, **AI_STARTUP),
         band="C", route=DEV, first="zenit",
         must_not={"defensetech-inkubator-nrw": "outside_target_segment", "circular-valley": "outside_target_segment"}),
    Case("sme_249_inside", "249 staff: an SME by the EU staff ceiling, so DIGITAL.SICHER.NRW (SMEs) helps",
         profile(name="Ruhr Cyber 249 GmbH", headcount=249, **CYBER_C),
         band="C", route=DEV, must=("digital-sicher-nrw", "eurobits"), first="zenit"),
    Case("large_250_outside", "250 staff: above the SME ceiling, DIGITAL.SICHER.NRW is out of its target group;"
         " eurobits serves everyone", profile(name="Ruhr Cyber 250 GmbH", headcount=250, **CYBER_C),
         band="C", route=DEV, must=("eurobits",), first="zenit",
         must_not={"digital-sicher-nrw": "outside_target_segment"}),
    Case("call_open_closing_soon", "Assessed 10.04.2026: Defence.Tech.NRW is open (until 30.04.), the start-up is an"
         " NRW SME with CA03 and TRL 5: offered and flagged as closing within 30 days",
         profile(name="Frühjahr Autonomik UG", founded=2024, funding=["defence_tech_nrw"], **AI_STARTUP),
         band="C", route=DEV, first="zenit", calls=(DTN,), closing_soon=(DTN,), today=date(2026, 4, 10)),
    Case("call_closed_yesterday", "Assessed 01.05.2026, the day after Defence.Tech.NRW closed: the company's interest"
         " is not rewarded and the call appears nowhere",
         profile(name="Mai Autonomik UG", founded=2024, funding=["defence_tech_nrw"], **AI_STARTUP),
         band="C", route=DEV, first="zenit", today=date(2026, 5, 1)),
    Case("research_institute_band_b", "A 400-staff research institute (band B): research partners and clusters; not"
         " the start-up incubator, not the automotive suppliers' cluster", profile(
             name="Institut für Sensorik e.V.", kreis="Bonn", sector="research", headcount=400,
             competences={"CF06": 3, "CF10": 3}, offerings_trl=[6],
             certs=[cert("ISO 9001", VALID), cert("ISO/IEC 27001", VALID)], capacity={"mrl": 5},
             export_officer_named=True, internal_compliance_programme=True, goods_classified=True,
             geheimschutz_status="in_geheimschutzbetreuung", access="civil_aerospace_or_security_customers"),
         band="B", route=CLUSTERS, must=("fraunhofer-fkie-fhr",), first="defence-nrw",
         must_not={"defensetech-inkubator-nrw": "outside_target_segment",
                   "automotiveland-nrw": "outside_target_segment"}),
]
