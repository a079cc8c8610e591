"""Events published by intake, and the company profile they carry.

The profile holds business facts the assessment and the advisors need. Personal data is limited to the
one contact person, which notification needs to write to and advisors need to call back.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, HttpUrl

from .text import Line, Paragraph, RequiredLine
from .vocab import (
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

CompetenceFieldId = Annotated[str, Field(pattern=r"^CF\d{2}$", description="Competence field, e.g. CF01")]
CapabilityAreaId = Annotated[str, Field(pattern=r"^CA\d{2}$", description="Capability area, e.g. CA03")]
PartnerId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$", description="Partner directory id")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]


class _Model(BaseModel):
    # Producers forbid unknown input at the edge; on the wire consumers ignore additions (tolerant reader).
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class CompanyIdentity(_Model):
    name: RequiredLine
    legal_form: LegalForm
    register_number: Line | None = Field(default=None, description="Handelsregister, e.g. 'HRB 12345 Amtsgericht Köln'")
    vat_id: Annotated[str, Field(pattern=r"^[A-Z]{2}[A-Z0-9]{2,12}$")] | None = Field(
        default=None, description="USt-IdNr., e.g. DE123456789"
    )
    ncage: Annotated[str, Field(pattern=r"^[A-Z0-9]{5}$")] | None = Field(default=None, description="NCAGE code")
    website: HttpUrl | None = None
    kreis: RequiredLine = Field(description="NRW Kreis or kreisfreie Stadt of the main site, or 'outside NRW'")
    headcount: int = Field(ge=1, le=1_000_000)
    sector_of_origin: SectorOfOrigin
    founded_year: int | None = Field(default=None, ge=1800, le=2100,
                                     description="Year the company was founded; tells a start-up (assessment)")
    # Questionnaire 2 (domain.md §A3.4/§A3.5). Every addition is optional so events and API bodies of
    # questionnaire 1 stay valid; `None` means "not asked" or "not stated".
    sector_other: Line | None = Field(default=None, description="What the sector is when sector_of_origin is 'other'")
    annual_turnover_eur_m: float | None = Field(
        default=None, ge=0, le=1_000_000, description="Annual turnover in million euros (EU SME definition)")
    balance_sheet_total_eur_m: float | None = Field(
        default=None, ge=0, le=1_000_000, description="Annual balance-sheet total in million euros (EU SME definition)")
    further_nrw_sites: list[RequiredLine] = Field(
        default_factory=list, max_length=20, description="Further sites in NRW: Kreis or kreisfreie Stadt of each")
    ncage_status: NcageStatus | None = Field(
        default=None, description="NCAGE: have (then `ncage` holds the code), applied, no; absent: told by `ncage`. "
                                  "Intake refuses 'have' without a code and a code with another status")

    def ncage_state(self) -> NcageStatus:
        """The NCAGE status, also for questionnaire 1 (which only had the code)."""
        if self.ncage_status is not None:
            return self.ncage_status
        return NcageStatus.HAVE if self.ncage else NcageStatus.NO


class DeclaredCompetence(_Model):
    field: CompetenceFieldId
    proficiency: int = Field(ge=1, le=3, description="1 some experience, 2 series production, 3 leading/certified")
    evidence: Line | None = None


class Offering(_Model):
    name: RequiredLine
    description: Paragraph = ""
    trl: int = Field(ge=1, le=9, description="Technology readiness level 1-9")


class Certification(_Model):
    type: CertificationType
    number: Line | None = None
    issuer: Line | None = None
    expires_on: date | None = None


class Shareholder(_Model):
    name: RequiredLine
    country: CountryCode
    percent: float = Field(ge=10, le=100, description="Only holders with 10 % or more are declared")


class Compliance(_Model):
    export_officer_named: bool
    internal_compliance_programme: bool
    goods_classified: bool
    exports_outside_eu: bool
    prior_bafa_licences: bool = False
    certified_recipient: bool = False
    makes_teil1a_goods: bool = Field(default=False, description="Produces goods of Ausfuhrliste Teil I Abschnitt A")
    us_controlled_content: UsControlledContent
    shareholders: list[Shareholder] = Field(default_factory=list, max_length=20)
    geheimschutz_status: GeheimschutzStatus
    willing_to_enter_geheimschutz: bool
    war_weapon_relevance: WarWeaponRelevance
    # Questionnaire 2: export-control details (R3) and Geheimschutz as separate facts (R4).
    screening_in_place: bool = Field(default=False, description="Sanctions/denied-party screening of business partners")
    general_licences_used: bool = Field(default=False, description="Uses general licences (Allgemeine Genehmigungen)")
    export_destinations: list[ExportRegion] = Field(default_factory=list, max_length=len(ExportRegion))
    knows_vsnfd_rules: bool = Field(default=False, description="Knows the VS-NfD instructions (VSA/VS-NfD-Merkblatt)")
    security_officer_appointed: bool = Field(default=False, description="A security officer (SiBe) is appointed")
    cleared_staff: bool = Field(default=False, description="Staff hold a security clearance (Ü1 or higher)")


class InformationSecurity(_Model):
    """Information security beyond certificates (questionnaire 2, R2)."""

    documented_isms: bool = Field(default=False, description="A documented ISMS (policies, risks, responsibilities)")
    grundschutz_check: bool = Field(default=False, description="BSI IT-Grundschutz basics checked (Grundschutz-Check)")
    vsnfd_approved_it: bool = Field(default=False, description="IT approved for VS-NfD processing")


class QualityPractices(_Model):
    """Quality practices the R1 anchor names beside ISO 9001 (questionnaire 2)."""

    configuration_management: bool = False
    first_article_inspection: bool = Field(default=False, description="First article inspection (FAI, e.g. EN 9102)")
    counterfeit_prevention: bool = Field(default=False, description="Counterfeit parts prevention in place")


class Capacity(_Model):
    # `None` = "not stated" (questionnaire 2 lets a company say it does not know); scored as not evidenced.
    free_capacity_percent: int | None = Field(ge=0, le=100, description="Free capacity in %, null: not stated")
    mrl: int | None = Field(ge=1, le=10, description="Manufacturing readiness level 1-10, null: not stated")
    lot_size_min: int | None = Field(default=None, ge=1)
    lot_size_max: int | None = Field(default=None, ge=1)
    lead_time_weeks: int | None = Field(default=None, ge=0, le=520)
    small_lot_capable: bool = False
    surge_capable: bool = False
    test_facilities: Line | None = None


class MarketAccess(_Model):
    defence_market_access: DefenceMarketAccess
    references: Paragraph = ""


class ContactPerson(_Model):
    name: RequiredLine
    role: Line | None = None
    email: EmailStr
    phone: Annotated[str, Field(pattern=r"^\+?[0-9 ()/-]{5,30}$")] | None = None
    language: Language = Language.DE


class Consents(_Model):
    processing: bool = Field(description="Consent to processing the enquiry (required)")
    share_with_partners: list[PartnerId] = Field(default_factory=list, max_length=50)
    share_with_all_suitable: bool = Field(
        default=False, description="Consent to share the profile with every partner the advisors find suitable")
    no_classified_information: bool = Field(description="'I will not submit classified (VS) information' (required)")
    newsletter: bool = False
    reassessment_contact: bool = Field(
        default=False, description="May we invite the company to update its answers when a re-assessment is due")
    text_version: Line = Field(description="Version of the consent text the company agreed to")


class CompanyProfile(_Model):
    """What the company told us about itself; the input to every assessment."""

    company: CompanyIdentity
    competences: list[DeclaredCompetence] = Field(min_length=1, max_length=15)
    offerings: list[Offering] = Field(default_factory=list, max_length=20)
    capability_interests: list[CapabilityAreaId] = Field(default_factory=list, max_length=15)
    funding_interests: list[FundingInterest] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list, max_length=30)
    compliance: Compliance
    capacity: Capacity
    market_access: MarketAccess
    message: Paragraph = Field(default="", description="Free text: what the company is looking for")
    information_security: InformationSecurity = Field(default_factory=InformationSecurity)
    quality_practices: QualityPractices = Field(default_factory=QualityPractices)
    questionnaire: int = Field(
        default=1, ge=1, le=2,
        description="Which questions the company answered: 1 before the §A3.4 facts, 2 with them. Set by intake, "
                    "never by the company; the assessment scores each with its own taxonomy version")


class EnquirySubmittedV1(_Model):
    """An enquiry was accepted and stored. Subject `intake.enquiry.submitted.v1`."""

    enquiry_id: uuid.UUID
    reference: str
    company_id: uuid.UUID
    is_re_enquiry: bool = False
    status_url: str = Field(description="The company's private status link (notification puts it in the email)")
    profile: CompanyProfile
    contact: ContactPerson
    consents: Consents


class EnquiryAmendedV1(_Model):
    """The company amended its enquiry after a request for information. Subject `intake.enquiry.amended.v1`."""

    enquiry_id: uuid.UUID
    reference: str
    revision: int = Field(ge=2)
    profile: CompanyProfile
    contact: ContactPerson
    consents: Consents


class DocumentFacts(_Model):
    """What events say about an uploaded file: never its content (issue 15)."""

    document_id: uuid.UUID
    name: str = Field(max_length=200, description="The file name as the company gave it, without any path")
    media_type: str = Field(description="Decided from the content: application/pdf, the DOCX type, image/png, "
                                        "image/jpeg")
    size_bytes: int = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class DocumentAddedV1(_Model):
    """A screened, clean document is stored with the enquiry. Subject `intake.document.added.v1`."""

    enquiry_id: uuid.UUID
    reference: str
    document: DocumentFacts


class DocumentRefusedV1(_Model):
    """An upload carried a classification marking and was refused, not stored (gate G6).
    Subject `intake.document.refused.v1`."""

    enquiry_id: uuid.UUID
    reference: str
    document: DocumentFacts
    mark: str = Field(description="The marking found, e.g. VS-NfD, NATO RESTRICTED")
    found_in: str = Field(description="Where in the file: page 2, header, metadata, image (OCR) ...")


class DraftSavedV1(_Model):
    """A company saved its unfinished form to continue later: notification emails it the resume link.
    Not an enquiry (nothing about an enquiry is published before submission); the draft's id and reference become
    the enquiry's when it is submitted. Subject `intake.draft.saved.v1`."""

    draft_id: uuid.UUID
    reference: str = Field(description="The draft's number, e.g. DN-2026-7K3F9Q (kept by the enquiry)")
    email: EmailStr
    language: Language
    resume_url: HttpUrl = Field(description="The one active resume link (a later save replaces it)")
    expires_at: datetime
