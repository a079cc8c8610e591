"""Compact builders for CompanyProfile, Consents and intake's events, so each test states only what matters to it."""
from __future__ import annotations

from datetime import date
from typing import Any

from shared.contracts.intake import CompanyProfile, Consents

ALL_PARTNERS = [
    "defence-nrw", "nmwp-nrw", "aerospace-nrw", "automotiveland-nrw", "ki-nrw", "digital-sicher-nrw", "zenit",
    "cc-5g-nrw", "kunststoffland-nrw", "produktion-nrw", "ein-quantum-nrw", "bio-nrw", "creative-nrw",
    "circular-valley", "nrw-global-business", "defensetech-inkubator-nrw", "fraunhofer-fkie-fhr",
    "fraunhofer-int", "eurobits", "dlr", "plcd", "rheinmetall",
]


def cert(type_: str, expires_on: date | None = None) -> dict[str, Any]:
    return {"type": type_, "expires_on": expires_on}


def profile(
    *,
    name: str = "Beispiel GmbH",
    kreis: str = "Köln",
    sector: str = "mechanical_engineering",
    competences: dict[str, int] | None = None,
    offerings_trl: list[int] | None = None,
    interests: list[str] | None = None,
    funding: list[str] | None = None,
    certs: list[dict[str, Any]] | None = None,
    ncage: str | None = None,
    access: str = "none",
    capacity: dict[str, Any] | None = None,
    headcount: int = 120,
    founded: int | None = None,
    company: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    **compliance: Any,
) -> CompanyProfile:
    """A valid profile; `company` adds identity fields, `extra` top-level ones (questionnaire 2's
    quality_practices, information_security, questionnaire ...), other keywords are compliance fields."""
    base_compliance = {
        "export_officer_named": False, "internal_compliance_programme": False, "goods_classified": False,
        "exports_outside_eu": False, "us_controlled_content": "no", "geheimschutz_status": "none",
        "willing_to_enter_geheimschutz": False, "war_weapon_relevance": "none",
    }
    return CompanyProfile.model_validate({
        "company": {"name": name, "legal_form": "GmbH", "kreis": kreis, "headcount": headcount,
                    "sector_of_origin": sector, "ncage": ncage, "founded_year": founded, **(company or {})},
        "competences": [{"field": f, "proficiency": p} for f, p in (competences or {"CF02": 2}).items()],
        "offerings": [{"name": f"Offering {i}", "trl": t} for i, t in enumerate(offerings_trl or [])],
        "capability_interests": interests or [],
        "funding_interests": funding or [],
        "certifications": certs or [],
        "compliance": {**base_compliance, **compliance},
        "capacity": {"free_capacity_percent": 20, "mrl": 6, **(capacity or {})},
        "market_access": {"defence_market_access": access},
        **(extra or {}),
    })


def consents(partner_ids: list[str] | None = None) -> Consents:
    return Consents(processing=True, share_with_partners=ALL_PARTNERS if partner_ids is None else partner_ids,
                    no_classified_information=True, text_version="2026-01")
