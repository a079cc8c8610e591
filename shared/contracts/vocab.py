"""Closed vocabularies used on the wire. Labels for people live in the services' i18n files."""
from enum import StrEnum


class Language(StrEnum):
    DE = "de"
    EN = "en"


class LegalForm(StrEnum):
    GMBH = "GmbH"
    GMBH_CO_KG = "GmbH & Co. KG"
    AG = "AG"
    SE = "SE"
    KG = "KG"
    OHG = "OHG"
    UG = "UG (haftungsbeschränkt)"
    EK = "e.K."
    GBR = "GbR"
    EG = "eG"
    EV = "e.V."
    OTHER = "other"


class SectorOfOrigin(StrEnum):
    AUTOMOTIVE = "automotive"
    MECHANICAL_ENGINEERING = "mechanical_engineering"
    ELECTRONICS = "electronics"
    MATERIALS_CHEMICALS = "materials_chemicals"
    PLASTICS = "plastics"
    METAL_PROCESSING = "metal_processing"
    AEROSPACE = "aerospace"
    ICT_DIGITAL = "ict_digital"
    ENGINEERING_SERVICES = "engineering_services"
    RESEARCH = "research"
    TEXTILES = "textiles"
    DEFENCE = "defence"
    SECURITY = "security"
    OTHER = "other"


class CertificationType(StrEnum):
    ISO_9001 = "ISO 9001"
    IATF_16949 = "IATF 16949"
    EN_9100 = "EN 9100"
    AQAP_2110 = "AQAP 2110"
    AQAP_2310 = "AQAP 2310"
    ISO_27001 = "ISO/IEC 27001"
    TISAX_AL2 = "TISAX AL2"
    TISAX_AL3 = "TISAX AL3"
    BSI_GRUNDSCHUTZ = "BSI IT-Grundschutz"
    ISO_14001 = "ISO 14001"
    ISO_3834 = "ISO 3834"
    NADCAP = "Nadcap"
    OTHER = "other"


class GeheimschutzStatus(StrEnum):
    NONE = "none"
    # Questionnaire 1 folded "knows the VS-NfD rules" into the status; questionnaire 2 asks it separately
    # (Compliance.knows_vsnfd_rules) and no longer offers this value, which stays valid on the wire.
    VSNFD_KNOWN = "vsnfd_instructions_known"
    IN_BETREUUNG = "in_geheimschutzbetreuung"
    SICHERHEITSBESCHEID = "sicherheitsbescheid"


class UsControlledContent(StrEnum):
    NO = "no"
    YES_EAR = "yes_ear"
    YES_ITAR = "yes_itar"
    UNKNOWN = "unknown"


class WarWeaponRelevance(StrEnum):
    NONE = "none"
    POSSIBLE = "possible"
    YES_WITH_PERMIT = "yes_with_permit"
    YES_WITHOUT_PERMIT = "yes_without_permit"


class DefenceMarketAccess(StrEnum):
    NONE = "none"
    CIVIL_AERO_SECURITY = "civil_aerospace_or_security_customers"
    SUB_SUPPLIER = "sub_supplier_to_defence_primes"
    DIRECT = "direct_defence_contracts"


class FundingInterest(StrEnum):
    DEFENCE_TECH_NRW = "defence_tech_nrw"
    EDF = "edf"
    DIANA = "diana"
    DEFENCETECH_INCUBATOR = "defencetech_incubator_nrw"
    EXIST = "exist"
    EIC = "eic"


class NcageStatus(StrEnum):
    """NCAGE code: held (the code is then given), applied for, or none."""

    HAVE = "have"
    APPLIED = "applied"
    NO = "no"


class ExportRegion(StrEnum):
    """Where a company exports to, by region (questionnaire 2)."""

    EU = "eu"
    EUROPE_OTHER = "europe_non_eu"
    NORTH_AMERICA = "north_america"
    LATIN_AMERICA = "latin_america"
    MIDDLE_EAST_NORTH_AFRICA = "middle_east_north_africa"
    SUB_SAHARAN_AFRICA = "sub_saharan_africa"
    ASIA_PACIFIC = "asia_pacific"
    RUSSIA_BELARUS_CENTRAL_ASIA = "russia_belarus_central_asia"


# The 53 Kreise and kreisfreie Städte of North Rhine-Westphalia, by Regierungsbezirk.
NRW_REGIONS: dict[str, tuple[str, ...]] = {
    "Düsseldorf": (
        "Düsseldorf", "Duisburg", "Essen", "Krefeld", "Mönchengladbach", "Mülheim an der Ruhr",
        "Oberhausen", "Remscheid", "Solingen", "Wuppertal",
        "Kreis Kleve", "Kreis Mettmann", "Rhein-Kreis Neuss", "Kreis Viersen", "Kreis Wesel",
    ),
    "Köln": (
        "Bonn", "Köln", "Leverkusen", "Städteregion Aachen", "Kreis Düren", "Rhein-Erft-Kreis",
        "Kreis Euskirchen", "Kreis Heinsberg", "Oberbergischer Kreis", "Rheinisch-Bergischer Kreis",
        "Rhein-Sieg-Kreis",
    ),
    "Münster": (
        "Bottrop", "Gelsenkirchen", "Münster", "Kreis Borken", "Kreis Coesfeld",
        "Kreis Recklinghausen", "Kreis Steinfurt", "Kreis Warendorf",
    ),
    "Detmold": (
        "Bielefeld", "Kreis Gütersloh", "Kreis Herford", "Kreis Höxter", "Kreis Lippe",
        "Kreis Minden-Lübbecke", "Kreis Paderborn",
    ),
    "Arnsberg": (
        "Bochum", "Dortmund", "Hagen", "Hamm", "Herne", "Ennepe-Ruhr-Kreis", "Hochsauerlandkreis",
        "Märkischer Kreis", "Kreis Olpe", "Kreis Siegen-Wittgenstein", "Kreis Soest", "Kreis Unna",
    ),
}
NRW_KREISE: frozenset[str] = frozenset(k for ks in NRW_REGIONS.values() for k in ks)
OUTSIDE_NRW = "outside NRW"


def regierungsbezirk(kreis: str) -> str | None:
    """The Regierungsbezirk a Kreis belongs to, or None outside NRW."""
    return next((rb for rb, ks in NRW_REGIONS.items() if kreis in ks), None)
