"""Idempotent consumer: record each event id in the same transaction as its effects."""
from __future__ import annotations

import uuid

import asyncpg


async def claim(conn: asyncpg.Connection, *, consumer: str, event_id: uuid.UUID) -> bool:
    """True the first time `consumer` sees `event_id`; False for every redelivery or duplicate."""
    inserted = await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
        consumer,
        event_id,
    )
    return bool(inserted)


async def claim_many(conn: asyncpg.Connection, *, consumer: str, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """The ids among `event_ids` that `consumer` sees for the first time, claimed in one statement."""
    rows = await conn.fetch(
        "INSERT INTO inbox (consumer, event_id) SELECT $1, e FROM unnest($2::uuid[]) AS e"
        " ON CONFLICT DO NOTHING RETURNING event_id",
        consumer,
        list(dict.fromkeys(event_ids)),
    )
    return {r["event_id"] for r in rows}
