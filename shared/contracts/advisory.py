"""Events published by advisory. Each advisor decision is one event.

Recipients of emails are never carried as free text: notification resolves the company contact from
intake's events and partner addresses from the partner directory. Only escalations carry their
recipients (the team leads; the advisor to remind), because only advisory knows who leads the team.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from .text import Line, Paragraph


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class CaseOpenedV1(_Model):
    """A case was opened in the advisors' queue. Subject `advisory.case.opened.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    priority: str
    sla_due_at: datetime


class CaseClaimedV1(_Model):
    """An advisor took the case (claim, auto-assignment or reassignment). Subject `advisory.case.claimed.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    assignee_id: uuid.UUID
    assigned_by: Literal["self", "auto", "lead"] = "self"
    # Added by issue 16 (optional: older events lack them): whom notification tells of an auto or lead assignment.
    reference: str | None = None
    assignee: LeadRecipient | None = Field(
        default=None, description="The assignee's address, name and language; set for auto and lead assignments")
    case_url: str | None = Field(default=None, description="The case in the advisors' workbench")


class CaseUnclaimedV1(_Model):
    """The case went back to the queue. Subject `advisory.case.unclaimed.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID


class InformationRequestedV1(_Model):
    """The advisor asked the company for more information. Subject `advisory.case.info_requested.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    request_id: uuid.UUID
    question: Paragraph = Field(min_length=1, description="The advisor's question, shown in the email")
    respond_by: date


class IntroducedPartner(_Model):
    introduction_id: uuid.UUID
    partner_id: str
    partner_name: Line
    accept_url: str = Field(description="Tokenised link for the partner to accept")
    decline_url: str = Field(description="Tokenised link for the partner to decline with a reason")


class IntroductionApprovedV1(_Model):
    """The advisor approved introductions to the listed partners. Subject `advisory.introduction.approved.v1`.

    `shared_profile` holds only what the company consented to share with partners.
    """

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    partners: list[IntroducedPartner] = Field(min_length=1)
    shared_profile: dict[str, object] = Field(default_factory=dict)
    advisor_note: Paragraph = ""


class IntroductionAnsweredV1(_Model):
    """A partner accepted or declined an introduction. Subject `advisory.introduction.answered.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    introduction_id: uuid.UUID
    partner_id: str
    answer: Literal["accepted", "declined"]
    reason: Paragraph = ""


class IntroductionOutcomeRecordedV1(_Model):
    """An outcome was recorded for an introduction. Subject `advisory.introduction.outcome_recorded.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    introduction_id: uuid.UUID
    outcome: Literal["meeting_held", "nda_signed", "project_started", "funding_applied", "order_placed", "no_fit"]


class CaseClosedV1(_Model):
    """The case was closed or declined. Subject `advisory.case.closed.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    reason_code: Literal["introduced", "not_eligible", "no_response", "withdrawn", "duplicate", "other"]
    reason_text: Paragraph = ""
    notify_company: bool = True


class CaseReopenedV1(_Model):
    """A closed case was reopened. Subject `advisory.case.reopened.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    reason_text: Paragraph = ""


class LeadRecipient(_Model):
    email: EmailStr
    name: Line
    language: Literal["de", "en"] = "de"


class CaseEscalatedV1(_Model):
    """A case's SLA reached its warning or breach point. Subject `advisory.case.escalated.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    reference: str
    level: Literal["warning", "breach"]
    sla_due_at: datetime
    case_url: str
    leads: list[LeadRecipient] = Field(min_length=1)


class NoteAddedV1(_Model):
    """An advisor added a note to the case. Subject `advisory.case.note_added.v1`.

    The note text stays in advisory (it may name people); the event records that a note exists.
    """

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    note_id: uuid.UUID


class GateClearedV1(_Model):
    """A lead cleared an open compliance gate with a reason. Subject `advisory.case.gate_cleared.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    gate: str = Field(pattern=r"^G[1-6]$")
    reason: Paragraph = Field(min_length=1)
    assessment_revision: int | None = None


class ScoreOverriddenV1(_Model):
    """An advisor replaced the assessed band or readiness. Subject `advisory.case.score_overridden.v1`."""

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    field: Literal["band", "readiness"]
    value: str
    assessed: str | None = None
    reason: Paragraph = Field(min_length=1)


class ReassessmentDueV1(_Model):
    """A case's re-assessment date has come (once per date). Subject `advisory.case.reassessment_due.v1`.

    `advisors` are whom to remind: the assignee, or the team leads when nobody holds the case. The company is
    invited to update its answers only when `invite_company` (it consented to be contacted for this).
    """

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    reference: str
    due_on: date
    set_by: Literal["assessment", "lead"] = Field(description="Development track of the assessment, or a lead")
    assignee_id: uuid.UUID | None = None
    advisors: list[LeadRecipient] = Field(default_factory=list)
    case_url: str
    invite_company: bool = False


class ReleasedArea(_Model):
    area: str = Field(pattern=r"^CA\d{2}$", description="Capability area id; its de/en name is in the taxonomy")
    score: float = Field(ge=0, le=1)


class ReleasedCriterion(_Model):
    criterion: str = Field(pattern=r"^R\d$", description="Readiness criterion id; label and anchors in the taxonomy")
    score: int = Field(ge=0, le=3)


class ReleasedStep(_Model):
    criterion: str = Field(pattern=r"^R\d$")
    rung: int = Field(ge=0, le=3, description="The score the step starts from: the text is the taxonomy's "
                                              "development_steps[criterion][rung] in the reader's language")
    helper: str = Field(description="The NRW body that helps (a proper name, the same in every language)")


class ResultReleasedV1(_Model):
    """An advisor released the assessment's result to the company. Subject `advisory.result.released.v1`.

    Only what the company may see, as ids and numbers (intake renders the words from the taxonomy in the company's
    language): never sanctions screening, gate findings, partner exclusions or the band. A later release (after a
    re-assessment) carries a higher `assessment_revision` and replaces the earlier one.
    """

    case_id: uuid.UUID
    enquiry_id: uuid.UUID
    assessment_revision: int = Field(ge=1)
    taxonomy_version: str
    top_areas: list[ReleasedArea] = Field(default_factory=list, max_length=15,
                                          description="The strongest capability areas, best first")
    readiness: list[ReleasedCriterion] = Field(default_factory=list, max_length=10)
    development_plan: list[ReleasedStep] = Field(default_factory=list, max_length=10)
    open_items: list[str] = Field(
        default_factory=list, max_length=20,
        description="Things the company can do, as ids (advisory/domain/result.py OPEN_ITEMS, e.g. "
                    "name_export_control_officer); a consumer skips an id it has no text for")
