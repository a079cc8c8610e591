"""The lead's view (Lagebild): the named queries. Grouped counts only; the figures are made in domain/lagebild.py.

They read the rollups of migration 0012 (delta rows inserted by row triggers in the same transaction as each change
of a case or an introduction, folded per key by `fold_lagebild`; the queries sum per key, so unfolded deltas count
at once), so a period costs a few thousand small rows whatever the number of cases (docs/performance.md,
"Lagebild"). Months are Berlin months of arrival (partners: of the answer). The only query on `cases` itself is
today's open cases per advisor (the partial index `cases_assignee_load`). The four run on separate pooled
connections at once.
"""
from __future__ import annotations

import asyncio
from datetime import date

import asyncpg

from ..domain.lagebild import CohortRow, Period

COHORTS = """
SELECT month, nullif(sector, '') AS sector, nullif(kreis, '') AS kreis, sum(enquiries)::int AS enquiries,
       sum(cases)::int AS cases, sum(introduced)::int AS introduced, sum(accepted)::int AS accepted,
       sum(sla_met)::int AS sla_met, sum(sla_missed)::int AS sla_missed
FROM lagebild_cohorts WHERE month >= $1 AND month < $2
GROUP BY month, sector, kreis HAVING sum(enquiries) > 0"""
DURATIONS = """
SELECT stage, bucket, sum(n)::int AS n FROM lagebild_durations WHERE month >= $1 AND month < $2
GROUP BY stage, bucket HAVING sum(n) > 0"""
OPEN_PER_ADVISOR = """
SELECT a.name, l.n FROM (SELECT assignee, count(*) AS n FROM cases
                         WHERE status IN ('claimed', 'waiting_for_company') GROUP BY assignee) l
JOIN advisors a ON a.id = l.assignee
ORDER BY l.n DESC, a.name"""
PARTNERS = """
SELECT max(partner_name) AS name, sum(accepted)::int AS accepted, sum(declined)::int AS declined
FROM lagebild_partners WHERE month >= $1 AND month < $2
GROUP BY partner_id HAVING sum(accepted) + sum(declined) > 0
ORDER BY accepted DESC, declined, name
LIMIT 30"""


async def _fetch(pool: asyncpg.Pool, sql: str, *args: object) -> list[asyncpg.Record]:
    async with pool.acquire() as conn:
        return list(await conn.fetch(sql, *args))


async def lagebild_counts(pool: asyncpg.Pool, period: Period) -> tuple[
        list[CohortRow], list[tuple[str, int, int]], list[tuple[str, int]], list[tuple[str, int, int]]]:
    """(cohorts, durations as (stage, bucket, count), open cases per advisor, partners' answers)."""
    start, until = period.start, period.until
    cohorts, durations, advisors, partners = await asyncio.gather(
        _fetch(pool, COHORTS, start, until), _fetch(pool, DURATIONS, start, until),
        _fetch(pool, OPEN_PER_ADVISOR), _fetch(pool, PARTNERS, start, until))
    return ([CohortRow(**dict(r)) for r in cohorts], [(r["stage"], r["bucket"], r["n"]) for r in durations],
            [(r["name"], r["n"]) for r in advisors], [(r["name"], r["accepted"], r["declined"]) for r in partners])


class PgLagebildRollups:
    """Folds the rollups' delta rows (migration 0012's `lagebild_fold()`); one advisory replica at a time."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def fold(self) -> int:
        async with self._conn.transaction():
            # Another replica folding now: skip this pass rather than queue behind it (the sums are exact anyway).
            if not await self._conn.fetchval("SELECT pg_try_advisory_xact_lock(hashtext('lagebild_fold'))"):
                return 0
            return int(await self._conn.fetchval("SELECT lagebild_fold()"))


def statements(period_start: date, period_until: date) -> list[tuple[str, tuple[object, ...]]]:
    """The statements with their arguments, for the bench's EXPLAIN ANALYZE."""
    return [(COHORTS, (period_start, period_until)), (DURATIONS, (period_start, period_until)),
            (OPEN_PER_ADVISOR, ()), (PARTNERS, (period_start, period_until))]

