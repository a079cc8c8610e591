"""Saved queue views: stored on the server, private or shared with the owner's team."""
from __future__ import annotations

import uuid
from typing import Any

import asyncpg


async def save(conn: asyncpg.Connection, *, owner_id: uuid.UUID, team: str, name: str, query: dict[str, Any],
               shared: bool) -> uuid.UUID:
    return await conn.fetchval(
        "INSERT INTO saved_views (id, owner_id, team, name, query, shared) VALUES ($1,$2,$3,$4,$5,$6)"
        " ON CONFLICT (owner_id, name) DO UPDATE SET query = EXCLUDED.query, shared = EXCLUDED.shared RETURNING id",
        uuid.uuid4(), owner_id, team, name, query, shared)


async def visible_to(conn: asyncpg.Connection, *, advisor_id: uuid.UUID, team: str) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT v.id, v.name, v.query, v.shared, v.owner_id, a.name AS owner_name FROM saved_views v"
        " JOIN advisors a ON a.id = v.owner_id WHERE v.owner_id = $1 OR (v.shared AND v.team = $2)"
        " ORDER BY v.name", advisor_id, team)
    return [dict(r) for r in rows]


async def delete(conn: asyncpg.Connection, *, view_id: uuid.UUID, owner_id: uuid.UUID) -> bool:
    return (await conn.execute("DELETE FROM saved_views WHERE id = $1 AND owner_id = $2",
                               view_id, owner_id)).endswith(" 1")


async def advisors(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    rows = await conn.fetch("SELECT id, name, role, team, areas, languages, capacity, absent_from, absent_until"
                            " FROM advisors WHERE active ORDER BY name")
    return [dict(r) for r in rows]

