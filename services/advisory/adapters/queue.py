"""The queue's list query: filters, index-friendly sort orders and paging.

Every order ends in `id`, matching the composite indexes of migration 0002, so `ORDER BY ... LIMIT n` walks an
index and stops after n rows instead of sorting the whole table.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

import asyncpg

from shared.contracts.vocab import NRW_REGIONS

from . import case_search
from .case_search import SET_THRESHOLD, candidates, search_rank

CASE_LIST_COLUMNS = (
    "id, enquiry_id, reference, status, company_name, kreis, regierungsbezirk, sector, band, readiness, open_gates,"
    " priority, assignee, sla_due_at, sla_warn_at, sla_paused_at, opened_at, created_at, updated_at, top_areas"
)
ORDERS = {
    "due": "sla_due_at NULLS LAST, id",
    "priority": "priority_rank NULLS LAST, sla_due_at NULLS LAST, id",
    "age": "opened_at NULLS LAST, id",
}
COUNT_CAP = 1_000  # counting every matching row per page view costs more than "1,000+" is worth


@dataclass(frozen=True)
class QueueQuery:
    status: str | None = None
    band: str | None = None
    area: str | None = None
    region: str | None = None  # a Regierungsbezirk or a Kreis
    assignee: str = "anyone"   # me | unassigned | anyone
    gates_open: bool = False
    overdue: bool = False
    search: str | None = None  # words, a name (misspelt too) or a reference; results ranked by relevance
    sort: str = "due"
    limit: int = 50
    offset: int = 0


def where_clause(q: QueueQuery, *, me: uuid.UUID | None) -> tuple[str, list[object]]:
    where: list[str] = []
    args: list[object] = []

    def arg(value: object) -> str:
        args.append(value)
        return f"${len(args)}"

    where.append(f"status = {arg(q.status)}" if q.status else "status <> 'awaiting_assessment'")
    if q.band:
        where.append(f"band = {arg(q.band)}")
    if q.area:
        where.append(f"top_areas @> ARRAY[{arg(q.area)}]::text[]")
    if q.region:
        column = "regierungsbezirk" if q.region in NRW_REGIONS else "kreis"
        where.append(f"{column} = {arg(q.region)}")
    if q.assignee == "me" and me is not None:
        where.append(f"assignee = {arg(me)}")
    elif q.assignee == "unassigned":
        where.append("assignee IS NULL")
    if q.gates_open:
        where.append("open_gates > 0")
    if q.overdue:
        where.append("sla_due_at < now() AND sla_paused_at IS NULL AND status IN ('open', 'claimed')")
    # q.search is not a filter here: a search ranks its capped candidates (list_sql, case_search.candidates).
    return " AND ".join(where), args


def list_sql(q: QueueQuery, *, me: uuid.UUID | None) -> tuple[str, list[object]]:
    """The page's SELECT. A search ranks only its capped candidates (case_search.candidates) and carries their
    number in `hits_total` (a window count before the LIMIT: no second pass for the total)."""
    clause, args = where_clause(replace(q, search=None) if q.search else q, me=me)

    def arg(value: object) -> str:
        args.append(value)
        return f"${len(args)}"

    if q.search:
        hits = candidates(q.search, clause, arg)
        order = f"{search_rank(q.search, arg)}, {ORDERS[q.sort]}"
        limit, offset = arg(q.limit), arg(q.offset)
        return (f"SELECT {CASE_LIST_COLUMNS}, count(*) OVER () AS hits_total FROM cases {case_search.SEARCH_JOIN}"
                f" WHERE id IN ({hits})"
                f" ORDER BY {order} LIMIT {limit} OFFSET {offset}"), args
    limit, offset = arg(q.limit), arg(q.offset)
    return (f"SELECT {CASE_LIST_COLUMNS} FROM cases WHERE {clause} ORDER BY {ORDERS[q.sort]}"
            f" LIMIT {limit} OFFSET {offset}"), args


async def _search_page(conn: asyncpg.Connection, q: QueueQuery, *,
                       me: uuid.UUID | None) -> tuple[list[dict[str, object]], int, bool]:
    sql, args = list_sql(q, me=me)
    async with conn.transaction():
        await conn.execute(SET_THRESHOLD)  # LOCAL: ends with this transaction, the pooled connection stays clean
        rows = await conn.fetch(sql, *args)
        if rows:
            hits = int(rows[0]["hits_total"])
        else:  # a page past the end: count the candidates alone
            clause, cargs = where_clause(replace(q, search=None), me=me)
            hits = await conn.fetchval(f"SELECT count(*) FROM ({candidates(q.search or '', clause, _binder(cargs))})"
                                       " AS hits", *cargs)
    # A branch that filled its cap may have had more: the total is then "at least".
    return [{k: v for k, v in r.items() if k != "hits_total"} for r in rows], min(hits, COUNT_CAP), \
        hits >= case_search.CANDIDATES


def _binder(args: list[object]) -> Callable[[object], str]:
    def arg(value: object) -> str:
        args.append(value)
        return f"${len(args)}"
    return arg


async def list_cases(conn: asyncpg.Connection, q: QueueQuery, *,
                     me: uuid.UUID | None = None) -> tuple[list[asyncpg.Record], int, bool]:
    """(rows, total, total_capped): total stops counting at COUNT_CAP (a search: at its candidates' number)."""
    if q.search:
        return await _search_page(conn, q, me=me)  # dicts: the routes read them like Records
    sql, args = list_sql(q, me=me)
    clause, cargs = where_clause(q, me=me)
    async with conn.transaction():
        rows = await conn.fetch(sql, *args)
        total = await conn.fetchval(
            f"SELECT count(*) FROM (SELECT 1 FROM cases WHERE {clause} LIMIT {COUNT_CAP + 1}) AS capped", *cargs)
    return rows, min(total, COUNT_CAP), total > COUNT_CAP
