"""Authentication behind a small port.

Case logic only ever sees an `Advisor` (id, role, team) from a server-side session; it never knows how the
advisor proved who they are. Today that is e-mail + argon2id password (`PasswordAuthenticator`). An OIDC login
(e.g. the ministry's Keycloak) becomes a second implementation of `Authenticator` plus a callback route that
calls `accounts.start_session` – no change to cases, queue or decisions.
"""
from __future__ import annotations

from typing import Protocol

import asyncpg

from . import accounts
from .accounts import Advisor


class Authenticator(Protocol):
    async def authenticate(self, conn: asyncpg.Connection, *, email: str, secret: str) -> Advisor | None:
        """The active advisor the credentials prove, or None. Must take the same time for unknown accounts."""
        ...


class PasswordAuthenticator:
    async def authenticate(self, conn: asyncpg.Connection, *, email: str, secret: str) -> Advisor | None:
        return await accounts.find_by_password(conn, email=email, password=secret)
