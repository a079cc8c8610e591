"""Two-sided introductions: the advisor approves, the partner accepts or declines by link, outcomes follow."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any

import asyncpg

from shared.contracts import subjects
from shared.contracts.advisory import (
    IntroducedPartner,
    IntroductionAnsweredV1,
    IntroductionApprovedV1,
    IntroductionOutcomeRecordedV1,
)

from ..adapters import cases as repo
from ..domain.rules import Actor, Refused, check_introductions, require_holder_or_lead, shared_profile
from .common import Context, emit, locked_case, record, touch
from .facts import IntroductionAnswered, IntroductionsSent, committed
from .facts import note as note_fact

OUTCOMES = ("meeting_held", "nda_signed", "project_started", "funding_applied", "order_placed", "no_fit")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def answer_url(ctx: Context, introduction_id: uuid.UUID, token: str, answer: str) -> str:
    return f"{ctx.public_base_url.rstrip('/')}/introductions/{introduction_id}?token={token}&answer={answer}"


async def approve(conn: asyncpg.Connection, ctx: Context, *, case_id: uuid.UUID, actor: Actor,
                  partner_ids: list[str], note: str = "") -> list[dict[str, Any]]:
    """Introduce the company to the selected partners: blocked while a gate is open or consent is missing."""
    partner_ids = list(dict.fromkeys(partner_ids))
    async with committed(conn):
        case = await locked_case(conn, case_id)
        require_holder_or_lead(case, actor)
        check_introductions(case, partner_ids, set(ctx.partners.ids))
        live = {r["partner_id"] for r in await conn.fetch(
            "SELECT partner_id FROM introductions WHERE case_id = $1 AND status <> 'declined'", case_id)}
        if dup := [p for p in partner_ids if p in live]:
            raise Refused(409, "already_introduced", f"Already introduced to: {', '.join(dup)}.")
        introduced, created = [], []
        for pid in partner_ids:
            partner = ctx.partners.get(pid)
            assert partner is not None  # checked above
            intro_id, token = uuid.uuid4(), secrets.token_urlsafe(32)
            await conn.execute(
                "INSERT INTO introductions (id, case_id, partner_id, partner_name, token_hash, approved_by)"
                " VALUES ($1,$2,$3,$4,$5,$6)", intro_id, case_id, pid, partner.name, token_hash(token), actor.id)
            introduced.append(IntroducedPartner(
                introduction_id=intro_id, partner_id=pid, partner_name=partner.name[:200],
                accept_url=answer_url(ctx, intro_id, token, "accept"),
                decline_url=answer_url(ctx, intro_id, token, "decline")))
            created.append({"introduction_id": str(intro_id), "partner_id": pid, "partner_name": partner.name})
        case = await touch(conn, case_id, "status = 'introduced', escalation_next_at = NULL")
        event = IntroductionApprovedV1(case_id=case_id, enquiry_id=case["enquiry_id"], partners=introduced,
                                       shared_profile=shared_profile(case["profile"] or {}), advisor_note=note)
        event_id = await emit(conn, case, event, subjects.INTRODUCTION_APPROVED)
        await record(conn, case, "introduction_approved", actor=actor, data={"partners": created, "note": note},
                     event_id=event_id)
        first = await repo.mark_first_introduction(conn, case_id)
        note_fact(IntroductionsSent(count=len(created), work_s=first["work_s"] if first else None))
    return created


async def introduction_for_token(conn: asyncpg.Connection, introduction_id: uuid.UUID,
                                 token: str) -> dict[str, Any]:
    """The introduction the link names, if the token matches (compared in constant time); 404 otherwise."""
    row = await conn.fetchrow(
        "SELECT i.*, c.company_name, c.kreis, c.sector, c.profile, c.correlation_id, c.enquiry_id"
        " FROM introductions i JOIN cases c ON c.id = i.case_id WHERE i.id = $1", introduction_id)
    if row is None or not token or not hmac.compare_digest(row["token_hash"], token_hash(token)):
        raise Refused(404, "not_found", "This link is not valid.")
    return dict(row)


async def answer(conn: asyncpg.Connection, *, introduction_id: uuid.UUID, token: str, answer: str,
                 reason: str = "") -> dict[str, Any]:
    if answer not in ("accepted", "declined"):
        raise Refused(422, "bad_answer", "Answer accept or decline.")
    if answer == "declined" and not reason.strip():
        raise Refused(422, "reason_required", "Please give a short reason for declining.")
    async with committed(conn):
        intro = await introduction_for_token(conn, introduction_id, token)
        updated = await conn.fetchrow(
            "UPDATE introductions SET status = $2, reason = $3, answered_at = now() WHERE id = $1"
            " AND status = 'pending' RETURNING *", introduction_id, answer, reason)
        if updated is None:
            raise Refused(409, "already_answered", "This introduction was already answered.")
        case = await locked_case(conn, intro["case_id"])
        event = IntroductionAnsweredV1(case_id=case["id"], enquiry_id=case["enquiry_id"],
                                       introduction_id=introduction_id, partner_id=intro["partner_id"],
                                       answer=answer, reason=reason)  # type: ignore[arg-type]
        event_id = await emit(conn, case, event, subjects.INTRODUCTION_ANSWERED)
        await record(conn, case, "introduction_answered", actor=None, event_id=event_id,
                     data={"partner_id": intro["partner_id"], "partner_name": intro["partner_name"],
                           "answer": answer, "reason": reason})
        note_fact(IntroductionAnswered(answer=answer,
                                       waited_s=(updated["answered_at"] - updated["created_at"]).total_seconds()))
    return dict(updated)


async def record_outcome(conn: asyncpg.Connection, *, introduction_id: uuid.UUID, actor: Actor,
                         outcome: str) -> dict[str, Any]:
    if outcome not in OUTCOMES:
        raise Refused(422, "bad_outcome", f"Outcome must be one of {', '.join(OUTCOMES)}.")
    async with conn.transaction():
        intro = await conn.fetchrow("SELECT * FROM introductions WHERE id = $1", introduction_id)
        if intro is None:
            raise Refused(404, "not_found", "No such introduction.")
        case = await locked_case(conn, intro["case_id"])
        require_holder_or_lead(case, actor)
        if intro["status"] != "accepted":
            raise Refused(409, "not_accepted", "Outcomes are recorded for accepted introductions.")
        await conn.execute("UPDATE introductions SET outcomes = outcomes || $2::jsonb WHERE id = $1",
                           introduction_id, [{"outcome": outcome, "by": actor.name}])
        event = IntroductionOutcomeRecordedV1(case_id=case["id"], enquiry_id=case["enquiry_id"],
                                              introduction_id=introduction_id, outcome=outcome)  # type: ignore[arg-type]
        event_id = await emit(conn, case, event, subjects.INTRODUCTION_OUTCOME)
        await record(conn, case, "outcome_recorded", actor=actor, event_id=event_id,
                     data={"partner_name": intro["partner_name"], "outcome": outcome})
    return {"introduction_id": str(introduction_id), "outcome": outcome}
