"""What the company sees on its status page, and the events that move it.

Events arrive out of order and may be redelivered, so two kinds of move exist:
- *progress* (assessment done, case opened, case claimed) only lifts the early stages
  received -> in_assessment -> with_advisor and never overrides an advisor's decision;
- *decisions* (information requested, introduced, closed, reopened, the company's amendment) apply when
  they happened later than the decision that set the current status; a late older decision is ignored.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EnquiryStatus(StrEnum):
    RECEIVED = "received"
    IN_ASSESSMENT = "in_assessment"
    WITH_ADVISOR = "with_advisor"
    WAITING_FOR_YOU = "waiting_for_you"
    INTRODUCED = "introduced"
    CLOSED = "closed"


_EARLY = [EnquiryStatus.RECEIVED, EnquiryStatus.IN_ASSESSMENT, EnquiryStatus.WITH_ADVISOR]


@dataclass(frozen=True)
class StatusState:
    status: EnquiryStatus
    decided_at: datetime  # when the decision behind `status` happened (submission time at first)


def advance(current: EnquiryStatus, proposed: EnquiryStatus) -> EnquiryStatus:
    """A progress move: only forward along the early stages; later stages are never overridden."""
    if current in _EARLY and proposed in _EARLY:
        return proposed if _EARLY.index(proposed) > _EARLY.index(current) else current
    return current


def after_progress(state: StatusState, proposed: EnquiryStatus) -> StatusState:
    # Progress does not touch decided_at: a reassignment must not hide an older, still open question.
    return StatusState(advance(state.status, proposed), state.decided_at)


def after_decision(state: StatusState, proposed: EnquiryStatus, *, occurred_at: datetime) -> StatusState:
    if occurred_at <= state.decided_at:
        return state  # an older decision arriving late; the newer one stands
    return StatusState(proposed, occurred_at)


def can_amend(status: EnquiryStatus) -> bool:
    """Companies amend their enquiry only when an advisor asked them to."""
    return status == EnquiryStatus.WAITING_FOR_YOU
