"""Request and response bodies of the JSON API."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.contracts.text import Line, Paragraph, RequiredLine

Status = Literal["open", "claimed", "waiting_for_company", "introduced", "closed", "awaiting_assessment"]
ReasonCode = Literal["introduced", "not_eligible", "no_response", "withdrawn", "duplicate", "other"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseSummary(BaseModel):
    id: uuid.UUID
    enquiry_id: uuid.UUID
    reference: str | None
    status: str
    company_name: str | None
    kreis: str | None
    regierungsbezirk: str | None = None
    sector: str | None
    band: str | None
    readiness: float | None
    open_gates: int | None
    priority: str | None
    assignee: uuid.UUID | None
    sla_due_at: datetime | None
    sla_paused_at: datetime | None = None
    opened_at: datetime | None
    top_areas: list[str] = []


class CasePage(BaseModel):
    items: list[CaseSummary]
    total: int
    total_capped: bool = Field(default=False, description="True when there are more than `total` matches")
    limit: int
    offset: int


class TimelineEntry(BaseModel):
    at: datetime
    kind: str
    actor: str | None
    data: dict[str, Any]


class CaseDetail(CaseSummary):
    language: str | None
    profile: dict[str, Any] | None
    contact: dict[str, Any] | None
    consents: dict[str, Any] | None
    assessment: dict[str, Any] | None = Field(description="The latest assessment with its reasons")
    gate_clearances: dict[str, Any] = {}
    overrides: dict[str, Any] = {}
    info_request: dict[str, Any] | None = None
    close_reason: str | None = None
    sla_warn_at: datetime | None = None
    introductions: list[dict[str, Any]] = []
    next_best_partner: dict[str, Any] | None = None
    reassess_on: date | None = Field(default=None, description="When the advisor is reminded to re-assess")
    reassess_set_by: Literal["assessment", "lead"] | None = None
    reassess_reminded_at: datetime | None = None
    timeline: list[TimelineEntry]


class NoteIn(_In):
    text: Paragraph = Field(min_length=1)


class InfoRequestIn(_In):
    question: Paragraph = Field(min_length=1)
    respond_by: date


class IntroductionsIn(_In):
    partner_ids: list[str] = Field(min_length=1, max_length=20)
    note: Paragraph = ""


class CloseIn(_In):
    reason_code: ReasonCode
    reason_text: Paragraph = ""
    notify_company: bool = True


class ReopenIn(_In):
    reason_text: Paragraph = Field(min_length=1)


class AssignIn(_In):
    assignee_id: uuid.UUID


class ClearanceIn(_In):
    reason: Paragraph = Field(min_length=1)


class OverrideIn(_In):
    field: Literal["band", "readiness"]
    value: str | float = Field(description="A, B or C for band; 0-100 for readiness")
    reason: Paragraph = Field(min_length=1)

    @model_validator(mode="after")
    def _value_fits_field(self) -> OverrideIn:
        if self.field == "band" and self.value not in ("A", "B", "C"):
            raise ValueError("value: band must be A, B or C")
        if self.field == "readiness":
            try:
                number = float(self.value)
            except ValueError:
                raise ValueError("value: readiness must be a number between 0 and 100") from None
            if not 0 <= number <= 100:
                raise ValueError("value: readiness must be a number between 0 and 100")
            self.value = number
        return self


class ReassessmentIn(_In):
    reassess_on: date | None = Field(default=None,
                                     description="The re-assessment date (Berlin calendar day); null cancels it")
    reason: Paragraph = ""


class OutcomeIn(_In):
    outcome: Literal["meeting_held", "nda_signed", "project_started", "funding_applied", "order_placed", "no_fit"]


class BulkAssignIn(_In):
    case_ids: list[uuid.UUID] = Field(min_length=1, max_length=200)
    assignee_id: uuid.UUID


class BulkCloseIn(_In):
    case_ids: list[uuid.UUID] = Field(min_length=1, max_length=200)
    reason_code: ReasonCode
    reason_text: Paragraph = ""


class ViewIn(_In):
    name: RequiredLine
    query: dict[str, Line | bool | None]
    shared: bool = False
