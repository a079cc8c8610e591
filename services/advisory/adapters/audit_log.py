"""The audit log's SQL (migration 0009): append a row, read a page for operators, pseudonymise after retention."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

KINDS = ("login_succeeded", "login_failed", "login_refused", "case_viewed", "document_downloaded", "export",
         "decision", "role_changed", "erasure")
INSERT = ("INSERT INTO audit_log (at, kind, actor_id, actor, case_id, detail)"
          " VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)")  # text: the same with or without a jsonb codec


async def record(conn: asyncpg.Connection, *, at: datetime, kind: str, actor: str,
                 actor_id: uuid.UUID | None = None, case_id: uuid.UUID | None = None,
                 detail: dict[str, Any] | None = None) -> None:
    await conn.execute(INSERT, at, kind, actor_id, actor, case_id, json.dumps(detail or {}))


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    kind: str
    actor: str
    actor_id: uuid.UUID | None
    case_id: uuid.UUID | None
    detail: dict[str, Any]
    pseudonymised: bool


async def entries(conn: asyncpg.Connection, *, kind: str | None = None, case_id: uuid.UUID | None = None,
                  before_id: int | None = None, limit: int = 100) -> list[AuditEntry]:
    """Newest first; `before_id` pages backwards (keyset, so a page costs the same on a long log)."""
    rows = await conn.fetch(
        "SELECT id, at, kind, actor, actor_id, case_id, detail, pseudonymised_at FROM audit_log"
        " WHERE ($1::text IS NULL OR kind = $1) AND ($2::uuid IS NULL OR case_id = $2)"
        " AND ($3::bigint IS NULL OR id < $3) ORDER BY at DESC, id DESC LIMIT $4",
        kind, case_id, before_id, limit)
    return [AuditEntry(id=r["id"], at=r["at"], kind=r["kind"], actor=r["actor"], actor_id=r["actor_id"],
                       case_id=r["case_id"], detail=_json(r["detail"]), pseudonymised=r["pseudonymised_at"] is not None)
            for r in rows]


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value or {})


class PgAuditRetention:
    """The retention use case's port on one connection."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def pseudonymise_before(self, cutoff: datetime, *, key: str, now: datetime, batch: int) -> int:
        """Replace the actor of rows older than `cutoff` by a keyed hash (the same person keeps the same
        pseudonym, so patterns stay visible; without the key nobody can go back). One batch per call."""
        result = await self._conn.execute(
            "UPDATE audit_log SET actor = 'pseudonym-' || left(encode(sha256(convert_to($2 || ':' ||"
            " coalesce(actor_id::text, actor), 'UTF8')), 'hex'), 12), actor_id = NULL, pseudonymised_at = $3"
            " WHERE id IN (SELECT id FROM audit_log WHERE pseudonymised_at IS NULL AND at < $1 ORDER BY at"
            " LIMIT $4 FOR UPDATE SKIP LOCKED)", cutoff, key, now, batch)
        return int(result.split()[-1])
