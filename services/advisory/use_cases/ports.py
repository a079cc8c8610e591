"""What advisory's use cases need from outside, as Protocols: adapters/ implements them over PostgreSQL,
tests/unit/advisory/fakes.py in memory.

A `CaseStore` is one transaction's view of the tables: every change is a named method (one statement unless it
says otherwise), reads that lock say so. Case rows are plain dicts with the columns of `cases`.
"""
from __future__ import annotations

import uuid
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Protocol

from shared.contracts.envelope import Envelope
from shared.messaging.outbox import Outbox

Case = dict[str, Any]
Row = dict[str, Any]


@dataclass(frozen=True)
class Elapsed:
    """A stage stamped for the first time, and how long the case spent before it (None if a start is unknown)."""

    seconds: float | None


@dataclass(frozen=True)
class EnquiryPart:
    """The columns of a case that the company's submission fills in."""

    enquiry_id: uuid.UUID
    reference: str
    correlation_id: str
    company_name: str
    kreis: str
    sector: str
    language: str
    profile: Row
    contact: Row
    consents: Row
    regierungsbezirk: str | None
    submitted_at: datetime


@dataclass(frozen=True)
class TimelineLine:
    """A line for the timeline of a case that the same statement creates."""

    event_id: uuid.UUID | None
    data: Row
    at: datetime


@dataclass(frozen=True)
class AssessmentPart:
    """The columns of a case that an assessment revision fills in."""

    assessment: Row
    revision: int
    band: str
    readiness: float
    open_gates: int
    top_areas: list[str]


@dataclass(frozen=True)
class Opening:
    """What opening a case writes: priority, SLA timers, the timeline's line and the staged `case.opened`."""

    priority: str
    priority_rank: int
    sla_due_at: datetime
    sla_warn_at: datetime
    timeline_data: Row
    event: Envelope[Any]
    subject: str


class CaseRows(Protocol):
    """Cases as the events build them, and their timeline."""

    async def upsert_submitted_assessment(self, *, case_id: uuid.UUID, enquiry: EnquiryPart,
                                          assessment: AssessmentPart, submitted: TimelineLine,
                                          assessed: TimelineLine, opening: Opening,
                                          reassessment: tuple[date | None, str | None, date | None]) -> Case:
        """Create the case `case_id` from a submission and its first assessment, open, in one statement: its
        timeline (`submitted`, the lines that waited for it, `assessed`, the opening's), the re-assessment timer
        (due on, set by, reminded for) and `case.opened` staged. A case an earlier event made (another id comes
        back) only gets what it lacks: the enquiry part if missing, the scores if no newer revision is there, the
        `submitted` line and the waiting lines; the caller then attaches and opens it as usual. Returns the
        opening columns, `assessment_revision` and `assessment_s` (submission to opening, if opened here). Hold
        the enquiry first."""
        ...

    async def upsert_assessment(self, *, enquiry_id: uuid.UUID, correlation_id: str, assessment: Row, revision: int,
                                band: str, readiness: float, open_gates: int, status_if_new: str,
                                top_areas: list[str]) -> Case | None:
        """Attach an assessment unless a newer revision is there (None then); overrides outlive it."""
        ...

    async def set_open_gates(self, case_id: uuid.UUID, open_gates: int) -> None: ...

    async def open_case(self, *, case_id: uuid.UUID, opening: Opening) -> Elapsed | None:
        """Move a complete case into the queue once, with its timeline entry and its event staged in the same
        statement; None if it was not waiting to be opened, else the time from submission to opening."""
        ...

    async def lock_case_of_enquiry(self, enquiry_id: uuid.UUID) -> Case | None: ...

    async def update_profile(self, case_id: uuid.UUID, *, profile: Row, contact: Row, consents: Row,
                             company_name: str, kreis: str, regierungsbezirk: str | None, sector: str,
                             language: str) -> None: ...

    async def resume_sla(self, case_id: uuid.UUID, *, due_at: datetime, warn_at: datetime,
                         escalation_next_at: datetime | None) -> None:
        """Back to open or claimed, the pause and the information request cleared, the timers moved on."""
        ...

    async def hold_enquiry(self, enquiry_id: uuid.UUID) -> None:
        """Until the transaction ends, no other transaction creates this enquiry's case or parks a line for it."""
        ...

    async def add_timeline_for_enquiry(self, *, enquiry_id: uuid.UUID, kind: str, event_id: uuid.UUID,
                                       data: Row, at: datetime) -> None:
        """A line on the timeline of the enquiry's case; while there is no case yet, the line waits and the case's
        creation moves it (one statement). Hold the enquiry first."""
        ...

    async def add_timeline(self, *, case_id: uuid.UUID, kind: str, event_id: uuid.UUID | None,
                           actor: str | None = None, data: Row | None = None, at: datetime | None = None) -> None:
        """`at` None: the transaction's time."""
        ...

    async def erase_personal_data(self, enquiry_ids: list[uuid.UUID]) -> int:
        """Scrub the cases of these enquiries, their timeline data and introduction reasons; the cases scrubbed."""
        ...

    async def scrub_messaging(self, references: list[str]) -> int: ...


class CaseDecisions(Protocol):
    """The changes advisors' decisions make to a case; each returns the case after the change."""

    async def lock_case(self, case_id: uuid.UUID) -> Case | None:
        """The case, locked until the transaction ends so two decisions on it serialise."""
        ...

    async def case(self, case_id: uuid.UUID) -> Case | None: ...

    async def claim_if_free(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case | None:
        """Claim an open unassigned case; None if it was not (the conditional update is the lock)."""
        ...

    async def release_claim(self, case_id: uuid.UUID) -> Case: ...

    async def assign_to(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case: ...

    async def mark_first_claim(self, case_id: uuid.UUID) -> Elapsed | None:
        """Stamp the first claim; None if the case was claimed before, else the time from opening."""
        ...

    async def pause_for_information(self, case_id: uuid.UUID, *, info: Row, paused_at: datetime) -> Case: ...

    async def close_case(self, case_id: uuid.UUID, *, reason_code: str) -> Case: ...

    async def reopen_case(self, case_id: uuid.UUID, *, due_at: datetime, warn_at: datetime) -> Case:
        """Back to open or claimed in a new SLA period with these timers."""
        ...

    async def set_gate_clearances(self, case_id: uuid.UUID, *, clearances: Row, open_gates: int) -> Case: ...

    async def override_score(self, case_id: uuid.UUID, *, overrides: Row, field: Literal["band", "readiness"],
                             value: str | float) -> Case: ...

    async def mark_introduced(self, case_id: uuid.UUID) -> Case: ...

    async def mark_result_released(self, case_id: uuid.UUID, *, revision: int, released_at: datetime) -> Case:
        """The result of assessment `revision` was released to the company at `released_at`."""
        ...

    async def mark_first_introduction(self, case_id: uuid.UUID) -> Elapsed | None:
        """Stamp the first introduction; None if there was one before, else the time from the first claim."""
        ...


class AdvisorRows(Protocol):
    async def advisor_name(self, advisor_id: uuid.UUID) -> str | None: ...

    async def is_active_advisor(self, advisor_id: uuid.UUID) -> bool: ...

    async def advisor_team(self, advisor_id: uuid.UUID) -> str | None: ...

    async def active_advisor_contact(self, advisor_id: uuid.UUID) -> Row | None:
        """Email, name and languages of the advisor if the account is active."""
        ...

    async def active_with_role(self, role: str, *, team: str | None) -> list[Row]:
        """Email, name and languages of the active accounts with `role` (in `team` unless None), by name."""
        ...

    async def next_advisor_for(self, *, areas: list[str], language: str) -> uuid.UUID | None:
        """Round robin among active advisors with a matching area and language, present and with free capacity;
        an advisor another transaction is assigning to is skipped, not waited for."""
        ...

    async def lock_open_unassigned(self, case_id: uuid.UUID) -> Case | None:
        """The case if it is open and unassigned and no other transaction holds it."""
        ...

    async def assign_automatically(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case:
        """Give the case to the advisor and move the advisor to the back of the round robin."""
        ...

    async def open_unassigned_case_ids(self, *, limit: int) -> list[uuid.UUID]:
        """Open unassigned cases, soonest SLA due first."""
        ...


class IntroductionRows(Protocol):
    async def live_partner_ids(self, case_id: uuid.UUID) -> set[str]:
        """Partners of the case's introductions that were not declined."""
        ...

    async def add_introduction(self, *, introduction_id: uuid.UUID, case_id: uuid.UUID, partner_id: str,
                               partner_name: str, token_hash: str, approved_by: uuid.UUID) -> None: ...

    async def introduction_with_case(self, introduction_id: uuid.UUID) -> Row | None:
        """The introduction with its case's company, profile and ids (for the partner's link)."""
        ...

    async def answer_introduction(self, introduction_id: uuid.UUID, *, answer: str, reason: str) -> Row | None:
        """Record a pending introduction's answer; None if it was answered already."""
        ...

    async def introduction(self, introduction_id: uuid.UUID) -> Row | None: ...

    async def add_outcome(self, introduction_id: uuid.UUID, *, outcome: str, by: str) -> None: ...


class EscalationRows(Protocol):
    async def cases_due_for_escalation(self, *, now: datetime, limit: int) -> list[Case]:
        """Cases whose next escalation is due, locked; rows other pollers hold are skipped."""
        ...

    async def escalation_levels(self, case_id: uuid.UUID, period: int) -> set[str]:
        """The levels already fired for the case in this SLA period."""
        ...

    async def record_escalations(self, case_id: uuid.UUID, period: int, levels: list[str]) -> None: ...

    async def set_next_escalation(self, case_id: uuid.UUID, at: datetime | None) -> None: ...


class ReassessmentRows(Protocol):
    async def set_reassessment(self, case_id: uuid.UUID, *, due_on: date | None, set_by: str | None,
                               reminded_for: date | None) -> Case:
        """The case's re-assessment timer after a new assessment or a lead's request; the whole row."""
        ...

    async def cases_due_for_reassessment(self, *, today: date, limit: int) -> list[Case]:
        """Opened cases whose re-assessment date has come and was not reminded yet, locked; rows other pollers
        hold are skipped."""
        ...

    async def mark_reassessment_reminded(self, case_id: uuid.UUID, *, due_on: date) -> None:
        """The reminder for `due_on` went out (stamped with the transaction's time)."""
        ...


class AuditRetention(Protocol):
    async def pseudonymise_before(self, cutoff: datetime, *, key: str, now: datetime, batch: int) -> int:
        """Replace the actor of at most `batch` audit entries older than `cutoff` by a keyed pseudonym; how many."""
        ...


class LagebildRollups(Protocol):
    async def fold(self) -> int:
        """Fold the rollups' delta rows into one row per key; how many rows were written."""
        ...


class CaseDocuments(Protocol):
    """The company's documents as intake announced them (issue 16): facts only, never the content."""

    async def record_document(self, *, enquiry_id: uuid.UUID, document_id: uuid.UUID, name: str, media_type: str,
                              size_bytes: int, sha256: str, added_at: datetime, refused: bool = False,
                              mark: str | None = None, found_in: str | None = None) -> None:
        """Keep the document's facts once (a redelivered event changes nothing)."""
        ...


class CaseStore(CaseRows, CaseDecisions, AdvisorRows, IntroductionRows, EscalationRows, ReassessmentRows,
                Protocol):
    """Everything a use case does to advisory's tables inside one transaction."""

    @property
    def outbox(self) -> Outbox:
        """Events staged here are published only if the transaction commits."""
        ...


class UnitOfWork(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[CaseStore]:
        """A transaction (nested: a savepoint) and the store inside it; facts noted in it are released after
        its commit (`use_cases.facts.committed`)."""
        ...
