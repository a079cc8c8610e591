"""Operators' tools for consumer dead letters (the `dead_letters` table): list, show, retry, archive.

Retry republishes the stored body to the failed consumer's own retry subject, `<subject>.retry.<durable>`: every
durable consumer also filters on its retry subject (provision.consumer_config), so only the consumer that failed
gets the message again, through the same handler path; no other subscriber of the subject sees it. The publish
has a NEW `Nats-Msg-Id`, so JetStream's duplicate window does not swallow it, while the envelope keeps its business
`event_id` (the failed consumer's inbox has no row for it: its transaction rolled back). A retried dead letter that
fails again becomes a new dead letter (it has a new stream sequence); retrying that one uses the same retry subject.

Every service mounts `operator_dead_letters_router()` (operator token) and offers the CLI in dead_letters_cli.py.
"""
from __future__ import annotations

import contextlib
import enum
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime
from typing import Annotated, Any

import asyncpg
import nats
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel

from ..operator_auth import require_operator
from ..problems import problem_responses
from ..service import runtime_of
from .streams import EVENTS_STREAM, retry_subject

# publish(subject, body, headers): store one message in the EVENTS stream, raising if it was not stored.
Publish = Callable[[str, bytes, dict[str, str]], Awaitable[None]]

# What a durable consumer's name may hold (JetStream's own rule is wider; ours are `<service>-<event>`): a filter
# with anything else (a NUL byte, say) is refused with 422 before it reaches the database.
DURABLE_NAME = r"^[A-Za-z0-9_.-]+$"

# A dead letter's id is a bigint: a larger number is a 422, not a database error.
DeadLetterId = Annotated[int, Path(ge=1, le=2**63 - 1)]

_SUMMARY = ("id, consumer, subject, event_id, stream_seq, deliveries, error_class, error, created_at, retried_at,"
            " archived_at")


class Outcome(enum.StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    CLOSED = "closed"  # already retried or archived


class DeadLetter(BaseModel):
    id: int
    consumer: str
    subject: str
    event_id: uuid.UUID | None
    stream_seq: int | None
    deliveries: int
    error_class: str
    error: str
    created_at: datetime
    retried_at: datetime | None
    archived_at: datetime | None


class DeadLetterDetail(DeadLetter):
    body: str  # as UTF-8 text (invalid bytes replaced): it may hold personal data, so only on this endpoint
    headers: dict[str, Any]


async def list_dead_letters(conn: asyncpg.Connection, *, include_closed: bool = False, consumer: str | None = None,
                            limit: int = 100) -> list[DeadLetter]:
    rows = await conn.fetch(
        f"SELECT {_SUMMARY} FROM dead_letters WHERE ($1 OR (retried_at IS NULL AND archived_at IS NULL))"
        " AND ($2::text IS NULL OR consumer = $2) ORDER BY id LIMIT $3",
        include_closed, consumer, limit,
    )
    return [DeadLetter(**dict(r)) for r in rows]


async def get_dead_letter(conn: asyncpg.Connection, dead_letter_id: int) -> DeadLetterDetail | None:
    row = await conn.fetchrow(f"SELECT {_SUMMARY}, body, headers FROM dead_letters WHERE id = $1", dead_letter_id)
    if row is None:
        return None
    headers = row["headers"]
    headers = json.loads(headers) if isinstance(headers, str) else headers  # a connection without the json codec
    fields = dict(row) | {"body": bytes(row["body"]).decode("utf-8", "replace"), "headers": headers or {}}
    return DeadLetterDetail(**fields)


async def count_open(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval(
        "SELECT count(*) FROM dead_letters WHERE retried_at IS NULL AND archived_at IS NULL"))


async def retry_dead_letter(conn: asyncpg.Connection, dead_letter_id: int, *, publish: Publish) -> Outcome:
    """Republish an open dead letter and mark it retried; the row lock keeps two operators from racing."""
    async with conn.transaction():
        row = await conn.fetchrow("SELECT consumer, subject, event_id, body, retried_at, archived_at FROM dead_letters"
                                  " WHERE id = $1 FOR UPDATE", dead_letter_id)
        if row is None:
            return Outcome.NOT_FOUND
        if row["retried_at"] is not None or row["archived_at"] is not None:
            return Outcome.CLOSED
        msg_id = f"{row['event_id'] or 'unparsed'}.retry.{uuid.uuid4().hex}"
        # If publishing fails the transaction rolls back and the dead letter stays open.
        await publish(retry_subject(row["subject"], row["consumer"]), bytes(row["body"]),
                      {"Nats-Msg-Id": msg_id, "Dead-Letter-Id": str(dead_letter_id)})
        await conn.execute("UPDATE dead_letters SET retried_at = now() WHERE id = $1", dead_letter_id)
    return Outcome.DONE


async def archive_dead_letter(conn: asyncpg.Connection, dead_letter_id: int) -> Outcome:
    """Close a dead letter without reprocessing it (kept for the record)."""
    state = await conn.fetchrow("SELECT retried_at, archived_at FROM dead_letters WHERE id = $1", dead_letter_id)
    if state is None:
        return Outcome.NOT_FOUND
    done = await conn.fetchval("UPDATE dead_letters SET archived_at = now() WHERE id = $1 AND retried_at IS NULL"
                               " AND archived_at IS NULL RETURNING true", dead_letter_id)
    return Outcome.DONE if done else Outcome.CLOSED


def broker_publisher(broker: Any) -> Publish:
    """A Publish over a connected FastStream NatsBroker (inside a running service)."""
    async def publish(subject: str, body: bytes, headers: dict[str, str]) -> None:
        await broker.publish(body, subject, headers=headers, stream=EVENTS_STREAM, timeout=5.0)
    return publish


@contextlib.asynccontextmanager
async def jetstream_publisher(nats_url: str) -> AsyncIterator[Publish]:
    """A Publish over a short-lived nats-py connection (for CLIs)."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()

        async def publish(subject: str, body: bytes, headers: dict[str, str]) -> None:
            await js.publish(subject, body, headers=headers, stream=EVENTS_STREAM, timeout=5.0)

        yield publish
    finally:
        await nc.close()


def _raise_for(outcome: Outcome, dead_letter_id: int) -> dict[str, str]:
    if outcome is Outcome.NOT_FOUND:
        raise HTTPException(404, f"dead letter {dead_letter_id} not found")
    if outcome is Outcome.CLOSED:
        raise HTTPException(409, f"dead letter {dead_letter_id} was already retried or archived")
    return {"status": outcome.value}


def dead_letters_router(*, pool: Callable[[Request], asyncpg.Pool], publisher: Callable[[Request], Publish],
                        dependencies: Sequence[Any] = (), prefix: str = "/api/v1/operator") -> APIRouter:
    """HTTP routes over this service's dead letters; pass the operator auth as `dependencies`."""
    router = APIRouter(prefix=prefix, tags=["dead letters"], dependencies=list(dependencies),
                       responses=problem_responses(401, 404, 409, 422))

    @router.get("/dead-letters", response_model=list[DeadLetter])
    async def list_(request: Request, include_closed: bool = False,
                    consumer: Annotated[str | None, Query(pattern=DURABLE_NAME, max_length=200)] = None,
                    limit: int = 100) -> list[DeadLetter]:
        """Dead letters, oldest first; by default only those neither retried nor archived."""
        async with pool(request).acquire() as conn:
            return await list_dead_letters(conn, include_closed=include_closed, consumer=consumer,
                                           limit=max(1, min(limit, 1000)))

    @router.get("/dead-letters/{dead_letter_id}", response_model=DeadLetterDetail)
    async def show(dead_letter_id: DeadLetterId, request: Request) -> DeadLetterDetail:
        async with pool(request).acquire() as conn:
            found = await get_dead_letter(conn, dead_letter_id)
        if found is None:
            raise HTTPException(404, f"dead letter {dead_letter_id} not found")
        return found

    @router.post("/dead-letters/{dead_letter_id}/retry")
    async def retry(dead_letter_id: DeadLetterId, request: Request) -> dict[str, str]:
        """Process the message again through the same consumer path."""
        async with pool(request).acquire() as conn:
            outcome = await retry_dead_letter(conn, dead_letter_id, publish=publisher(request))
        return _raise_for(outcome, dead_letter_id)

    @router.post("/dead-letters/{dead_letter_id}/archive")
    async def archive(dead_letter_id: DeadLetterId, request: Request) -> dict[str, str]:
        async with pool(request).acquire() as conn:
            outcome = await archive_dead_letter(conn, dead_letter_id)
        return _raise_for(outcome, dead_letter_id)

    return router


def operator_dead_letters_router() -> APIRouter:
    """The dead-letter routes as every service mounts them: its pool and broker, behind the operator token."""
    return dead_letters_router(pool=lambda request: runtime_of(request).require_pool(),
                               publisher=lambda request: broker_publisher(runtime_of(request).broker),
                               dependencies=[Depends(require_operator)])
