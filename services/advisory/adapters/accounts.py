"""Advisor accounts and server-side sessions. Passwords: argon2id (argon2-cffi)."""
from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import date

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..domain.password_policy import check_password

_hasher = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4
# Each hash takes 64 MiB and much CPU time: bound how many run at once so logins cannot exhaust memory.
_hash_slots = asyncio.Semaphore(4)
# Verified against when the e-mail is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

ROLES = ("advisor", "lead", "operator", "admin")


@dataclass(frozen=True)
class Advisor:
    id: uuid.UUID
    email: str
    name: str
    role: str
    team: str = "default"


@dataclass(frozen=True)
class Skills:
    """What auto-assignment matches on: capability areas, languages spoken and how many cases at once."""

    areas: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("de",)
    capacity: int = 10


@dataclass(frozen=True)
class Session:
    advisor: Advisor
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def hash_password(password: str) -> str:
    async with _hash_slots:
        return await asyncio.to_thread(_hasher.hash, password)


async def _verify(hash_: str, password: str) -> bool:
    async with _hash_slots:
        try:
            return await asyncio.to_thread(_hasher.verify, hash_, password)
        except (VerificationError, InvalidHashError):
            return False


async def upsert_advisor(conn: asyncpg.Connection, *, email: str, name: str, role: str, password: str,
                         skills: Skills | None = None, team: str = "default") -> uuid.UUID:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    check_password(password, user_inputs=(email, name))  # wherever a password is set, the same policy
    sk = skills or Skills()
    before = await conn.fetchval("SELECT role FROM advisors WHERE email = $1", email.lower())
    advisor_id = await conn.fetchval(
        "INSERT INTO advisors (id, email, name, role, password_hash, areas, languages, capacity, team)"
        " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
        " ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role,"
        " password_hash = EXCLUDED.password_hash, areas = EXCLUDED.areas, languages = EXCLUDED.languages,"
        " capacity = EXCLUDED.capacity, team = EXCLUDED.team, active = true RETURNING id",
        uuid.uuid4(), email.lower(), name, role, await hash_password(password), list(sk.areas), list(sk.languages),
        sk.capacity, team,
    )
    if before != role:  # a new account's role counts as a change from none
        await conn.execute(
            "INSERT INTO audit_log (at, kind, actor, detail)"
            " VALUES (now(), 'role_changed', 'command line', $1::text::jsonb)",
            json.dumps({"advisor_id": str(advisor_id), "from": before, "to": role}))
    return advisor_id


async def set_absence(conn: asyncpg.Connection, *, email: str, absent_from: date | None,
                      absent_until: date | None) -> bool:
    result = await conn.execute("UPDATE advisors SET absent_from = $2, absent_until = $3 WHERE email = $1",
                                email.lower(), absent_from, absent_until)
    return result.endswith(" 1")


async def disable(conn: asyncpg.Connection, *, email: str) -> bool:
    """Deactivate the account and end every session it has, at once (server-side invalidation)."""
    advisor_id = await conn.fetchval("UPDATE advisors SET active = false WHERE email = $1 RETURNING id",
                                     email.lower())
    if advisor_id is None:
        return False
    await conn.execute("DELETE FROM sessions WHERE advisor_id = $1", advisor_id)
    return True


async def find_by_password(conn: asyncpg.Connection, *, email: str, password: str) -> Advisor | None:
    row = await conn.fetchrow(
        "SELECT id, email, name, role, team, password_hash FROM advisors WHERE email = $1 AND active", email.lower()
    )
    ok = await _verify(row["password_hash"] if row else _DUMMY_HASH, password)
    if row is None or not ok:
        return None
    return Advisor(row["id"], row["email"], row["name"], row["role"], row["team"])


async def start_session(conn: asyncpg.Connection, advisor_id: uuid.UUID,
                        replaces: str | None = None) -> tuple[str, str]:
    """A fresh session id on every login (rotation: a session presented at login is deleted, so a planted
    id never becomes authenticated); returns (cookie token, csrf token)."""
    if replaces:
        await conn.execute("DELETE FROM sessions WHERE id_hash = $1", _digest(replaces))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    await conn.execute("INSERT INTO sessions (id_hash, advisor_id, csrf_token) VALUES ($1,$2,$3)",
                       _digest(token), advisor_id, csrf)
    return token, csrf


async def resume_session(conn: asyncpg.Connection, token: str, *, idle_minutes: int,
                         absolute_hours: int) -> Session | None:
    """The session for `token` if it is within both timeouts; touching it extends the idle timeout."""
    row = await conn.fetchrow(
        "UPDATE sessions s SET last_seen_at = now() FROM advisors a"
        " WHERE s.id_hash = $1 AND a.id = s.advisor_id AND a.active"
        " AND s.last_seen_at > now() - make_interval(mins => $2)"
        " AND s.created_at > now() - make_interval(hours => $3)"
        " RETURNING a.id, a.email, a.name, a.role, a.team, s.csrf_token",
        _digest(token), idle_minutes, absolute_hours,
    )
    if row is None:
        return None
    return Session(Advisor(row["id"], row["email"], row["name"], row["role"], row["team"]), row["csrf_token"])


async def end_session(conn: asyncpg.Connection, token: str) -> None:
    await conn.execute("DELETE FROM sessions WHERE id_hash = $1", _digest(token))
