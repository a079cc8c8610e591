"""The in-memory store's side of decisions, advisors, introductions and escalations (mixed into FakeCaseStore)."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from services.advisory.use_cases.ports import Case, Elapsed, Row
from shared.clock import FrozenClock


class FakeDecisionRows:
    clock: FrozenClock
    cases: dict[uuid.UUID, Case]
    advisors: dict[uuid.UUID, Row]
    introductions: dict[uuid.UUID, Row]
    escalations: set[tuple[uuid.UUID, int, str]]

    def _change(self, case_id: uuid.UUID, **columns: Any) -> Case:
        raise NotImplementedError

    # --- CaseDecisions --------------------------------------------------------------------------------------
    async def lock_case(self, case_id: uuid.UUID) -> Case | None:
        case = self.cases.get(case_id)
        return None if case is None else dict(case)

    async def case(self, case_id: uuid.UUID) -> Case | None:
        return await self.lock_case(case_id)

    async def claim_if_free(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case | None:
        case = self.cases.get(case_id)
        if case is None or case["assignee"] is not None or case["status"] != "open":
            return None
        return self._change(case_id, assignee=advisor_id, status="claimed", assigned_at=self.clock.now())

    async def release_claim(self, case_id: uuid.UUID) -> Case:
        return self._change(case_id, assignee=None, status="open", assigned_at=None)

    async def assign_to(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case:
        status = "claimed" if self.cases[case_id]["status"] == "open" else self.cases[case_id]["status"]
        return self._change(case_id, assignee=advisor_id, status=status, assigned_at=self.clock.now())

    def _first(self, case_id: uuid.UUID, column: str, since: str) -> Elapsed | None:
        case = self.cases[case_id]
        if case[column] is not None:
            return None
        case[column] = self.clock.now()
        start = case[since]
        return Elapsed(None if start is None else (case[column] - start).total_seconds())

    async def mark_first_claim(self, case_id: uuid.UUID) -> Elapsed | None:
        return self._first(case_id, "first_claimed_at", "opened_at")

    async def pause_for_information(self, case_id: uuid.UUID, *, info: Row, paused_at: datetime) -> Case:
        return self._change(case_id, status="waiting_for_company", info_request=info, sla_paused_at=paused_at,
                            escalation_next_at=None)

    async def close_case(self, case_id: uuid.UUID, *, reason_code: str) -> Case:
        return self._change(case_id, status="closed", close_reason=reason_code, escalation_next_at=None,
                            sla_paused_at=None)

    async def reopen_case(self, case_id: uuid.UUID, *, due_at: datetime, warn_at: datetime) -> Case:
        case = self.cases[case_id]
        return self._change(case_id, status="open" if case["assignee"] is None else "claimed", close_reason=None,
                            sla_period=case["sla_period"] + 1, sla_due_at=due_at, sla_warn_at=warn_at,
                            escalation_next_at=warn_at, sla_paused_at=None)

    async def set_gate_clearances(self, case_id: uuid.UUID, *, clearances: Row, open_gates: int) -> Case:
        return self._change(case_id, gate_clearances=clearances, open_gates=open_gates)

    async def override_score(self, case_id: uuid.UUID, *, overrides: Row, field: Literal["band", "readiness"],
                             value: str | float) -> Case:
        return self._change(case_id, overrides=overrides, **{field: value})

    async def mark_introduced(self, case_id: uuid.UUID) -> Case:
        return self._change(case_id, status="introduced", escalation_next_at=None)

    async def mark_result_released(self, case_id: uuid.UUID, *, revision: int, released_at: datetime) -> Case:
        return self._change(case_id, result_released_revision=revision, result_released_at=released_at)

    async def mark_first_introduction(self, case_id: uuid.UUID) -> Elapsed | None:
        return self._first(case_id, "first_introduced_at", "first_claimed_at")

    # --- AdvisorRows ----------------------------------------------------------------------------------------
    async def advisor_name(self, advisor_id: uuid.UUID) -> str | None:
        advisor = self.advisors.get(advisor_id)
        return None if advisor is None else advisor["name"]

    async def is_active_advisor(self, advisor_id: uuid.UUID) -> bool:
        return advisor_id in self.advisors and self.advisors[advisor_id]["active"]

    async def advisor_team(self, advisor_id: uuid.UUID) -> str | None:
        advisor = self.advisors.get(advisor_id)
        return None if advisor is None else advisor["team"]

    async def active_advisor_contact(self, advisor_id: uuid.UUID) -> Row | None:
        a = self.advisors.get(advisor_id)
        return None if a is None or not a["active"] else {"email": a["email"], "name": a["name"],
                                                          "languages": a["languages"]}

    async def active_with_role(self, role: str, *, team: str | None) -> list[Row]:
        found = [a for a in self.advisors.values()
                 if a["active"] and a["role"] == role and (team is None or a["team"] == team)]
        return [{"email": a["email"], "name": a["name"], "languages": a["languages"]}
                for a in sorted(found, key=lambda a: a["name"])]

    async def next_advisor_for(self, *, areas: list[str], language: str) -> uuid.UUID | None:
        today = self.clock.now().date()

        def eligible(a: Row) -> bool:
            held = sum(1 for c in self.cases.values()
                       if c["assignee"] == a["id"] and c["status"] in ("claimed", "waiting_for_company"))
            starts, ends = a["absent_from"], a["absent_until"]
            absent = starts is not None and starts <= today and (ends is None or today <= ends)
            return (a["active"] and a["role"] == "advisor" and bool(set(a["areas"]) & set(areas))
                    and language in a["languages"] and not absent and held < a["capacity"])

        ranked = sorted((a for a in self.advisors.values() if eligible(a)),
                        key=lambda a: (a["last_assigned_at"] is not None, a["last_assigned_at"] or 0, str(a["id"])))
        return ranked[0]["id"] if ranked else None

    async def lock_open_unassigned(self, case_id: uuid.UUID) -> Case | None:
        case = self.cases.get(case_id)
        if case is None or case["status"] != "open" or case["assignee"] is not None:
            return None
        return {"id": case["id"], "top_areas": case["top_areas"], "language": case["language"]}

    async def assign_automatically(self, case_id: uuid.UUID, advisor_id: uuid.UUID) -> Case:
        self.advisors[advisor_id]["last_assigned_at"] = self.clock.now()
        case = self._change(case_id, assignee=advisor_id, status="claimed", assigned_at=self.clock.now())
        return {k: case[k] for k in ("id", "enquiry_id", "correlation_id")}

    async def open_unassigned_case_ids(self, *, limit: int) -> list[uuid.UUID]:
        waiting = [c for c in self.cases.values() if c["status"] == "open" and c["assignee"] is None]
        waiting.sort(key=lambda c: (c["sla_due_at"] is None, c["sla_due_at"] or 0, str(c["id"])))
        return [c["id"] for c in waiting[:limit]]

    # --- IntroductionRows -----------------------------------------------------------------------------------
    async def live_partner_ids(self, case_id: uuid.UUID) -> set[str]:
        return {i["partner_id"] for i in self.introductions.values()
                if i["case_id"] == case_id and i["status"] != "declined"}

    async def add_introduction(self, *, introduction_id: uuid.UUID, case_id: uuid.UUID, partner_id: str,
                               partner_name: str, token_hash: str, approved_by: uuid.UUID) -> None:
        self.introductions[introduction_id] = {
            "id": introduction_id, "case_id": case_id, "partner_id": partner_id, "partner_name": partner_name,
            "token_hash": token_hash, "approved_by": approved_by, "status": "pending", "reason": "",
            "created_at": self.clock.now(), "answered_at": None, "outcomes": []}

    async def introduction_with_case(self, introduction_id: uuid.UUID) -> Row | None:
        intro = self.introductions.get(introduction_id)
        if intro is None:
            return None
        case = self.cases[intro["case_id"]]
        return {**intro, **{k: case[k] for k in ("company_name", "kreis", "sector", "profile", "correlation_id",
                                                 "enquiry_id")}}

    async def answer_introduction(self, introduction_id: uuid.UUID, *, answer: str, reason: str) -> Row | None:
        intro = self.introductions[introduction_id]
        if intro["status"] != "pending":
            return None
        intro.update(status=answer, reason=reason, answered_at=self.clock.now())
        return dict(intro)

    async def introduction(self, introduction_id: uuid.UUID) -> Row | None:
        intro = self.introductions.get(introduction_id)
        return None if intro is None else dict(intro)

    async def add_outcome(self, introduction_id: uuid.UUID, *, outcome: str, by: str) -> None:
        self.introductions[introduction_id]["outcomes"].append({"outcome": outcome, "by": by})

    # --- EscalationRows -------------------------------------------------------------------------------------
    async def cases_due_for_escalation(self, *, now: datetime, limit: int) -> list[Case]:
        due = [c for c in self.cases.values() if c["escalation_next_at"] is not None and c["escalation_next_at"] <= now]
        return [dict(c) for c in sorted(due, key=lambda c: c["escalation_next_at"])[:limit]]

    async def escalation_levels(self, case_id: uuid.UUID, period: int) -> set[str]:
        return {level for cid, p, level in self.escalations if cid == case_id and p == period}

    async def record_escalations(self, case_id: uuid.UUID, period: int, levels: list[str]) -> None:
        self.escalations.update((case_id, period, level) for level in levels)

    async def set_next_escalation(self, case_id: uuid.UUID, at: datetime | None) -> None:
        self.cases[case_id]["escalation_next_at"] = at

    # --- ReassessmentRows -----------------------------------------------------------------------------------
    async def set_reassessment(self, case_id: uuid.UUID, *, due_on: date | None, set_by: str | None,
                               reminded_for: date | None) -> Case:
        return self._change(case_id, reassess_on=due_on, reassess_set_by=set_by, reassess_reminded_for=reminded_for)

    async def cases_due_for_reassessment(self, *, today: date, limit: int) -> list[Case]:
        due = [c for c in self.cases.values() if c["reassess_on"] is not None and c["reassess_on"] <= today
               and c["reassess_reminded_for"] != c["reassess_on"] and c["status"] != "awaiting_assessment"]
        return [dict(c) for c in sorted(due, key=lambda c: c["reassess_on"])[:limit]]

    async def mark_reassessment_reminded(self, case_id: uuid.UUID, *, due_on: date) -> None:
        self.cases[case_id].update(reassess_reminded_for=due_on, reassess_reminded_at=self.clock.now())
