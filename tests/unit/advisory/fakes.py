"""In-memory advisory: a case store and a unit of work implementing the same ports as adapters/case_store.py
(services/advisory/use_cases/ports.py), for the fast use-case tests. Rows are dicts with the tables' columns;
"now()" is the test's FrozenClock; a transaction that raises leaves the state as it found it."""
from __future__ import annotations

import contextlib
import copy
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from services.advisory.use_cases.facts import committed
from services.advisory.use_cases.ports import (
    AssessmentPart,
    Case,
    CaseStore,
    Elapsed,
    EnquiryPart,
    Opening,
    Row,
    TimelineLine,
)
from shared.clock import FrozenClock
from tests.support.fakes import FakeOutbox

from .fake_decision_rows import FakeDecisionRows


def _seconds(end: datetime | None, start: datetime | None) -> float | None:
    return None if end is None or start is None else (end - start).total_seconds()


@dataclass
class FakeCaseStore(FakeDecisionRows):
    clock: FrozenClock
    cases: dict[uuid.UUID, Case] = field(default_factory=dict)
    timeline: list[Row] = field(default_factory=list)
    pending_timeline: list[Row] = field(default_factory=list)
    held: list[uuid.UUID] = field(default_factory=list)
    advisors: dict[uuid.UUID, Row] = field(default_factory=dict)
    introductions: dict[uuid.UUID, Row] = field(default_factory=dict)
    escalations: set[tuple[uuid.UUID, int, str]] = field(default_factory=set)
    outbox: FakeOutbox = field(default_factory=FakeOutbox)
    erased_references: list[str] = field(default_factory=list)

    # --- arranging a test -------------------------------------------------------------------------------------
    def add_case(self, **columns: Any) -> Case:
        now = self.clock.now()
        case: Case = {
            "id": uuid.uuid4(), "enquiry_id": uuid.uuid4(), "reference": "DN-2026-TEST",
            "correlation_id": "DN-2026-TEST", "status": "open", "company_name": "Testfirma", "kreis": "Düsseldorf",
            "regierungsbezirk": "Düsseldorf",
            "sector": "mechanical_engineering", "language": "de", "profile": {"company": {"name": "Testfirma"}},
            "contact": {}, "consents": {"share_with_partners": []}, "submitted_at": now, "assessment": {"gates": []},
            "assessment_revision": 1, "band": "B", "readiness": 60.0, "open_gates": 0, "gate_clearances": {},
            "overrides": {}, "top_areas": ["CA01"], "priority": "normal", "priority_rank": 1, "sla_due_at": None,
            "sla_warn_at": None, "sla_paused_at": None, "sla_period": 1, "escalation_next_at": None, "assignee": None,
            "assigned_at": None, "info_request": None, "close_reason": None, "opened_at": now,
            "first_claimed_at": None, "first_introduced_at": None, "created_at": now, "updated_at": now, "version": 1,
            "reassess_on": None, "reassess_set_by": None, "reassess_reminded_at": None, "reassess_reminded_for": None,
            "result_released_revision": None, "result_released_at": None,
        }
        case.update(columns)
        self.cases[case["id"]] = case
        return case

    def add_advisor(self, name: str, *, role: str = "advisor", team: str = "default", areas: tuple[str, ...] = (),
                    languages: tuple[str, ...] = ("de",), capacity: int = 10, active: bool = True,
                    absent_from: date | None = None, absent_until: date | None = None) -> uuid.UUID:
        advisor_id = uuid.uuid4()
        self.advisors[advisor_id] = {
            "id": advisor_id, "email": f"{name.lower()}@example.org", "name": name, "role": role, "team": team,
            "areas": list(areas), "languages": list(languages), "capacity": capacity, "active": active,
            "absent_from": absent_from, "absent_until": absent_until, "last_assigned_at": None}
        return advisor_id

    def kinds(self, case_id: uuid.UUID) -> list[str]:
        return [e["kind"] for e in self.timeline if e["case_id"] == case_id]

    def _by_enquiry(self, enquiry_id: uuid.UUID) -> Case | None:
        return next((c for c in self.cases.values() if c["enquiry_id"] == enquiry_id), None)

    def _change(self, case_id: uuid.UUID, **columns: Any) -> Case:
        case = self.cases[case_id]
        case.update(columns, updated_at=self.clock.now(), version=case["version"] + 1)
        return dict(case)

    def _opening(self, case: Case) -> Case:
        return {**case, "has_assessment": case["assessment"] is not None}

    # --- CaseRows -------------------------------------------------------------------------------------------
    async def upsert_submitted_assessment(self, *, case_id: uuid.UUID, enquiry: EnquiryPart,
                                          assessment: AssessmentPart, submitted: TimelineLine,
                                          assessed: TimelineLine, opening: Opening,
                                          reassessment: tuple[date | None, str | None, date | None]) -> Case:
        e, a, o = enquiry, assessment, opening
        fields = {"reference": e.reference, "company_name": e.company_name, "kreis": e.kreis, "sector": e.sector,
                  "language": e.language, "profile": e.profile, "contact": e.contact, "consents": e.consents,
                  "regierungsbezirk": e.regierungsbezirk, "submitted_at": e.submitted_at}
        case = self._by_enquiry(e.enquiry_id)
        created = case is None
        if case is None:
            now = self.clock.now()
            case = self.add_case(
                id=case_id, enquiry_id=e.enquiry_id, correlation_id=e.correlation_id, status="open",
                assessment=a.assessment, assessment_revision=a.revision, band=a.band, readiness=a.readiness,
                open_gates=a.open_gates, top_areas=a.top_areas, priority=o.priority, priority_rank=o.priority_rank,
                sla_due_at=o.sla_due_at, sla_warn_at=o.sla_warn_at, escalation_next_at=o.sla_warn_at, opened_at=now,
                reassess_on=reassessment[0], reassess_set_by=reassessment[1], reassess_reminded_for=reassessment[2],
                **fields)
        else:
            if case["profile"] is None:
                self._change(case["id"], **fields)
            await self.upsert_assessment(enquiry_id=e.enquiry_id, correlation_id=e.correlation_id,
                                         assessment=a.assessment, revision=a.revision, band=a.band,
                                         readiness=a.readiness, open_gates=a.open_gates, status_if_new="",
                                         top_areas=a.top_areas)
        await self.add_timeline(case_id=case["id"], kind="enquiry_submitted", event_id=submitted.event_id,
                                data=submitted.data, at=submitted.at)
        waiting = [line for line in self.pending_timeline if line["enquiry_id"] == e.enquiry_id]
        for line in waiting:
            self.pending_timeline.remove(line)
            await self.add_timeline(case_id=case["id"], kind=line["kind"], event_id=line["event_id"],
                                    data=line["data"], at=line["at"])
        if created:
            await self.add_timeline(case_id=case["id"], kind="assessed", event_id=assessed.event_id,
                                    data=assessed.data, at=assessed.at)
            await self.add_timeline(case_id=case["id"], kind="case_opened", event_id=None, data=o.timeline_data)
            await self.outbox.add(o.event, o.subject)
        return {**self._opening(case), "assessment_s": _seconds(case["opened_at"], case["submitted_at"])
                if created else None}

    async def upsert_assessment(self, *, enquiry_id: uuid.UUID, correlation_id: str, assessment: Row, revision: int,
                                band: str, readiness: float, open_gates: int, status_if_new: str,
                                top_areas: list[str]) -> Case | None:
        fields = {"assessment": assessment, "assessment_revision": revision, "open_gates": open_gates,
                  "top_areas": top_areas}
        case = self._by_enquiry(enquiry_id)
        if case is None:
            case = self.add_case(enquiry_id=enquiry_id, correlation_id=correlation_id, status=status_if_new,
                                 company_name=None, reference=None, kreis=None, regierungsbezirk=None, sector=None,
                                 profile=None, contact=None, consents=None, band=band, readiness=readiness,
                                 opened_at=None, submitted_at=None, priority=None, priority_rank=None, **fields)
            return self._opening(case)
        if case["assessment_revision"] is not None and case["assessment_revision"] >= revision:
            return None
        overrides = case["overrides"]
        self._change(case["id"], band=overrides.get("band", {}).get("value", band),
                     readiness=float(overrides["readiness"]["value"]) if "readiness" in overrides else readiness,
                     **fields)
        return self._opening(case)

    async def set_open_gates(self, case_id: uuid.UUID, open_gates: int) -> None:
        self.cases[case_id]["open_gates"] = open_gates

    async def open_case(self, *, case_id: uuid.UUID, opening: Opening) -> Elapsed | None:
        case = self.cases[case_id]
        if case["status"] != "awaiting_assessment":
            return None
        now = self.clock.now()
        o = opening
        self._change(case_id, status="open", priority=o.priority, priority_rank=o.priority_rank,
                     sla_due_at=o.sla_due_at, sla_warn_at=o.sla_warn_at, escalation_next_at=o.sla_warn_at,
                     opened_at=now)
        await self.add_timeline(case_id=case_id, kind="case_opened", event_id=None, data=o.timeline_data)
        await self.outbox.add(o.event, o.subject)
        return Elapsed(_seconds(now, case["submitted_at"]))

    async def lock_case_of_enquiry(self, enquiry_id: uuid.UUID) -> Case | None:
        case = self._by_enquiry(enquiry_id)
        return None if case is None else dict(case)

    async def update_profile(self, case_id: uuid.UUID, **columns: Any) -> None:
        self._change(case_id, **columns)

    async def resume_sla(self, case_id: uuid.UUID, *, due_at: datetime, warn_at: datetime,
                         escalation_next_at: datetime | None) -> None:
        case = self.cases[case_id]
        case.update(status="open" if case["assignee"] is None else "claimed", sla_paused_at=None, sla_due_at=due_at,
                    sla_warn_at=warn_at, escalation_next_at=escalation_next_at, info_request=None)

    async def hold_enquiry(self, enquiry_id: uuid.UUID) -> None:
        self.held.append(enquiry_id)

    async def add_timeline_for_enquiry(self, *, enquiry_id: uuid.UUID, kind: str, event_id: uuid.UUID,
                                       data: Row, at: datetime) -> None:
        case = self._by_enquiry(enquiry_id)
        if case is None:
            self.pending_timeline.append({"enquiry_id": enquiry_id, "kind": kind, "event_id": event_id,
                                          "data": data, "at": at})
        else:
            await self.add_timeline(case_id=case["id"], kind=kind, event_id=event_id, data=data, at=at)

    async def add_timeline(self, *, case_id: uuid.UUID, kind: str, event_id: uuid.UUID | None,
                           actor: str | None = None, data: Row | None = None, at: datetime | None = None) -> None:
        self.timeline.append({"case_id": case_id, "kind": kind, "event_id": event_id, "actor": actor,
                              "data": data or {}, "at": at or self.clock.now()})

    async def erase_personal_data(self, enquiry_ids: list[uuid.UUID]) -> int:
        erased = [c for c in self.cases.values() if c["enquiry_id"] in enquiry_ids]
        for case in erased:
            self._change(case["id"], company_name="[erased]", profile={}, contact={}, info_request=None, overrides={},
                         gate_clearances={})
            for entry in self.timeline:
                if entry["case_id"] == case["id"]:
                    entry["data"] = {"erased": True}
            for intro in self.introductions.values():
                if intro["case_id"] == case["id"]:
                    intro.update(reason="", outcomes=[])
        self.pending_timeline = [line for line in self.pending_timeline if line["enquiry_id"] not in enquiry_ids]
        return len(erased)

    async def scrub_messaging(self, references: list[str]) -> int:
        self.erased_references.extend(references)
        return 0


_ROWS = ("cases", "advisors", "introductions")


def _restore_rows(current: dict[uuid.UUID, Row], saved: dict[uuid.UUID, Row]) -> None:
    """Put the saved rows back into the same dicts, so a test's reference to a row sees the rollback."""
    for key in set(current) - set(saved):
        del current[key]
    for key, row in saved.items():
        if key in current:
            current[key].clear()
            current[key].update(row)
        else:
            current[key] = row


class FakeUnitOfWork:
    """Transactions on the one fake store: a block that raises restores what it found; `commits` counts the
    outermost blocks that completed."""

    def __init__(self, store: FakeCaseStore) -> None:
        self.store = store
        self.commits = 0
        self._depth = 0

    def transaction(self) -> contextlib.AbstractAsyncContextManager[CaseStore]:
        return committed(self._snapshot())

    @contextlib.asynccontextmanager
    async def _snapshot(self) -> AsyncIterator[CaseStore]:
        store = self.store
        rows = {name: copy.deepcopy(getattr(store, name)) for name in _ROWS}
        timeline, escalations = copy.deepcopy(store.timeline), set(store.escalations)
        staged, erased = list(store.outbox.staged), list(store.erased_references)
        self._depth += 1
        try:
            yield store
        except BaseException:
            for name, saved in rows.items():
                _restore_rows(getattr(store, name), saved)
            store.timeline[:], store.outbox.staged[:], store.erased_references[:] = timeline, staged, erased
            store.escalations.clear()
            store.escalations.update(escalations)
            raise
        finally:
            self._depth -= 1
        if self._depth == 0:
            self.commits += 1


@dataclass
class FakeAuditRetention:
    """The audit log's retention port over a list of entries (dicts with at, actor, actor_id, pseudonymised_at)."""

    entries: list[Row] = field(default_factory=list)

    async def pseudonymise_before(self, cutoff: datetime, *, key: str, now: datetime, batch: int) -> int:
        due = sorted((e for e in self.entries if e["pseudonymised_at"] is None and e["at"] < cutoff),
                     key=lambda e: e["at"])[:batch]
        for e in due:
            e.update(actor=f"pseudonym-{hash((key, e['actor_id'] or e['actor'])) & 0xFFFFFF:06x}", actor_id=None,
                     pseudonymised_at=now)
        return len(due)
