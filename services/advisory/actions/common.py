"""What every decision needs: the locked case, the timeline entry, the outbox event."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg
from pydantic import BaseModel

from shared.contracts.envelope import new_envelope
from shared.messaging.outbox import add_to_outbox
from shared.taxonomy import PartnerDirectory

from ..adapters import cases as repo
from ..domain.rules import Actor, Refused

PRODUCER = "advisory"


@dataclass(frozen=True)
class Context:
    """What decisions need from outside: the partner directory and the public URL for links in emails."""

    partners: PartnerDirectory
    public_base_url: str


async def locked_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> dict[str, Any]:
    """The case row, locked until the transaction ends, so two decisions on one case serialise. NO KEY UPDATE, like
    every case lock here: it still excludes other decisions, but not the key-share locks of foreign-key checks
    (timeline entries written meanwhile by consumers), which FOR UPDATE would make wait for this transaction."""
    row = await conn.fetchrow("SELECT * FROM cases WHERE id = $1 FOR NO KEY UPDATE", case_id)
    if row is None or row["status"] == "awaiting_assessment":
        raise Refused(404, "not_found", "No such case in the queue.")
    return dict(row)


async def emit(conn: asyncpg.Connection, case: dict[str, Any], payload: BaseModel, subject: str,
               causation_id: uuid.UUID | None = None) -> uuid.UUID:
    envelope = new_envelope(payload, subject=subject, producer=PRODUCER, correlation_id=case["correlation_id"],
                            causation_id=causation_id)
    await add_to_outbox(conn, envelope, subject)
    return envelope.event_id


async def record(conn: asyncpg.Connection, case: dict[str, Any], kind: str, *, actor: Actor | None,
                 data: dict[str, Any], event_id: uuid.UUID | None = None) -> None:
    if actor is not None:
        data = {**data, "actor_id": str(actor.id)}
    await repo.add_timeline(conn, case_id=case["id"], kind=kind, event_id=event_id,
                            actor=actor.name if actor else None, data=data)


async def touch(conn: asyncpg.Connection, case_id: uuid.UUID, sets: str, *args: object) -> dict[str, Any]:
    """UPDATE the case with `sets` ($2.. are `args`) and return the new row."""
    row = await conn.fetchrow(
        f"UPDATE cases SET {sets}, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING *",
        case_id, *args)
    return dict(row)
