"""Funding calls and programmes as dated data (funding-calls-v1.yaml): who may apply, on which topics, until when.

The assessment offers only calls open on its date and eligible for the company; the schema is documented in the
file's header and in docs/adr/0009-partner-routes-and-funding-calls.md.
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from shared.contracts.vocab import NRW_REGIONS, FundingInterest

from .documents import EXPECTED_CRITERIA
from .model import FieldError, Segment, Text, _Frozen


class CallEligibility(_Frozen):
    """Who may apply: every list must match (an empty `topics` list means any topic)."""

    segments: tuple[Segment, ...] = Field(min_length=1)
    regions: tuple[str, ...] = Field(min_length=1, description="Regierungsbezirke, or NRW for the whole state")
    topics: tuple[str, ...] = Field(default=(), description="Capability areas the call funds")
    trl_min: int = Field(ge=1, le=9)
    trl_max: int = Field(ge=1, le=9)

    @model_validator(mode="after")
    def _ranges(self) -> CallEligibility:
        if unknown := sorted(set(self.regions) - set(NRW_REGIONS) - {"NRW"}):
            raise FieldError(("regions",), f"unknown regions {unknown} (use a Regierungsbezirk or NRW)")
        if self.trl_min > self.trl_max:
            raise FieldError(("trl_max",), f"trl_max {self.trl_max} is below trl_min {self.trl_min}")
        return self


class FundingCall(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$")
    name: str = Field(min_length=1, description="Proper name, the same in every language")
    kind: Literal["call", "programme"]
    programme: FundingInterest | None = Field(default=None, description="The intake's funding interest it answers")
    summary: Text
    opens_on: date | None = None
    closes_on: date
    eligible: CallEligibility
    supports: tuple[str, ...] = Field(default=(), description="Readiness criteria whose development step it funds")
    confidence: Literal["C", "L", "U"]
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_and_criteria(self) -> FundingCall:
        if self.opens_on is not None and self.opens_on > self.closes_on:
            raise FieldError(("closes_on",), f"call {self.id}: closes_on {self.closes_on} is before opens_on")
        if unknown := sorted(set(self.supports) - set(EXPECTED_CRITERIA)):
            raise FieldError(("supports",), f"call {self.id}: unknown readiness criteria {unknown}")
        return self

    def open_on(self, day: date) -> bool:
        """Open from `opens_on` (or publication, when not given) up to and including `closes_on`."""
        return (self.opens_on is None or self.opens_on <= day) and day <= self.closes_on


class FundingCalls(_Frozen):
    version: str = Field(min_length=1)
    closing_soon_days: int = Field(ge=0, le=365)
    calls: tuple[FundingCall, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> FundingCalls:
        ids = [c.id for c in self.calls]
        for i, call_id in enumerate(ids):
            if call_id in ids[:i]:
                raise FieldError(("calls", i, "id"), f"duplicate call id {call_id}")
        return self

    def check_against(self, area_ids: frozenset[str]) -> None:
        """Raise FieldError when a call names a capability area the taxonomy lacks."""
        for i, c in enumerate(self.calls):
            if unknown := sorted(set(c.eligible.topics) - area_ids):
                raise FieldError(("calls", i, "eligible", "topics"), f"call {c.id}: unknown capability areas {unknown}")
