"""Erasure plumbing every service shares: scrub the messaging tables, answer the request, scrub the stream."""
from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

import asyncpg
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from .contracts import subjects
from .contracts.envelope import Envelope, new_envelope
from .contracts.gdpr import ErasureCompletedV1, ErasureRequestedV1
from .messaging.outbox import add_to_outbox
from .messaging.streams import EVENTS_STREAM

log = logging.getLogger(__name__)


async def scrub_messaging_tables(conn: asyncpg.Connection, references: list[str]) -> int:
    """Delete outbox rows (already published or not) and dead letters that belong to these enquiries."""
    outbox = await conn.execute("DELETE FROM outbox WHERE correlation_id = ANY($1::text[])", references)
    dead = 0
    for ref in references:
        result = await conn.execute(
            "DELETE FROM dead_letters WHERE position(convert_to($1, 'UTF8') in body) > 0", ref)
        dead += int(result.split()[-1])
    return int(outbox.split()[-1]) + dead


def erasure_completed(*, service: str, request: Envelope[ErasureRequestedV1], items: int,
                      occurred_at: datetime | None = None) -> tuple[Envelope[Any], str]:
    """The event (and its subject) that tells intake this service is done; it carries no personal data."""
    payload = request.payload
    event = ErasureCompletedV1(request_id=payload.request_id, service=service, items_erased=items)
    subject = subjects.ERASURE_COMPLETED[service]
    # Correlate by request, not by enquiry: the enquiry's reference is about to disappear from the stream.
    envelope = new_envelope(event, subject=subject, producer=service, correlation_id=f"erasure-{payload.request_id}",
                            causation_id=request.event_id, occurred_at=occurred_at)
    return envelope, subject


async def announce_erased(conn: asyncpg.Connection, *, service: str, request: Envelope[Any], items: int) -> None:
    """Stage `erasure_completed` in the caller's transaction."""
    envelope, subject = erasure_completed(service=service, request=request, items=items)
    await add_to_outbox(conn, envelope, subject)


async def scrub_stream(js: JetStreamContext, references: set[str]) -> int:
    """Delete every message on the stream whose envelope belongs to one of these enquiries; return the count.

    A linear scan: the stream keeps at most `MAX_AGE_S` of events, and erasures are rare.
    """
    info = await js.stream_info(EVENTS_STREAM)
    deleted = 0
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        try:
            msg = await js.get_msg(EVENTS_STREAM, seq)
        except NotFoundError:
            continue
        try:
            correlation = json.loads(msg.data or b"{}").get("correlation_id")
        except (ValueError, AttributeError):
            continue
        if correlation in references:
            await js.delete_msg(EVENTS_STREAM, seq)
            deleted += 1
    return deleted
