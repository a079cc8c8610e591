"""The case store and unit of work over one asyncpg connection (implementing use_cases/ports.py)."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import asyncpg

from shared.messaging.outbox import PgOutbox

from ..use_cases.facts import committed
from ..use_cases.ports import CaseStore
from .advisor_rows import PgAdvisorRows
from .case_decisions import PgCaseDecisions
from .case_rows import PgCaseRows
from .escalation_rows import PgEscalationRows
from .introduction_rows import PgIntroductionRows
from .reassessment_rows import PgReassessmentRows


class PgCaseStore(PgCaseRows, PgCaseDecisions, PgAdvisorRows, PgIntroductionRows, PgEscalationRows,
                  PgReassessmentRows):
    """advisory's tables as seen from the transaction open on `conn` (a consumer's, or a unit of work's)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self.outbox = PgOutbox(conn)


class PgUnitOfWork:
    """Transactions on one connection, one after another (a request's, a background pass's); a transaction
    opened inside another is a savepoint."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[CaseStore]:
        async with committed(self._conn.transaction()):
            yield PgCaseStore(self._conn)


@contextlib.asynccontextmanager
async def unit_of_work(pool: asyncpg.Pool) -> AsyncIterator[PgUnitOfWork]:
    """A unit of work on a connection of `pool`, held until the block ends."""
    async with pool.acquire() as conn:
        yield PgUnitOfWork(conn)
