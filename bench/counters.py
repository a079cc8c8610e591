"""Counters of the work an enquiry causes, read from the servers themselves (not from the services' code paths).

- publishes: messages stored in the EVENTS stream (`state.messages` of JetStream);
- deliveries: messages JetStream delivered to the durable consumers (sum of each consumer's `delivered.consumer_seq`,
  redeliveries included) — also the depth of the queue (`num_pending` + `num_ack_pending`) for `make bench-burst`;
- transactions and statements per service database: `pg_stat_database` (commits + rollbacks) and
  `pg_stat_statements` (calls, BEGIN and COMMIT included) when the bench enabled it; the bench's own reads
  (marked `/* bench */`) are subtracted;
- emails: rows of notification's `outbound_emails` marked sent.

`snapshot()` before and after a phase, `per_enquiry(diff(after, before), n)`.
"""
from __future__ import annotations

from typing import Any

import asyncpg
import nats

from devstack.stack import Stack

DATABASES = ("intake", "assessment", "advisory", "notification")
BENCH_MARK = "/* bench */"  # right after SELECT in every statement the bench sends (a leading comment is not kept)


async def enable_statement_stats(stack: Stack) -> bool:
    """Load pg_stat_statements (a restart of the bench's own PostgreSQL, before any service connects)."""
    assert stack.postgres is not None
    conn = await asyncpg.connect(stack.postgres.dsn("postgres"))
    try:
        await conn.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
        await conn.execute("ALTER SYSTEM SET pg_stat_statements.track = 'all'")
    finally:
        await conn.close()
    stack.postgres.stop()
    stack.postgres.start()
    conn = await asyncpg.connect(stack.postgres.dsn("postgres"))
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        return True
    except asyncpg.PostgresError:
        return False
    finally:
        await conn.close()


async def jetstream(nats_url: str) -> dict[str, Any]:
    """Stored messages, delivered messages and the queue depth per consumer of the EVENTS stream."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream(timeout=10)
        stream = await js.stream_info("EVENTS")
        consumers = await js.consumers_info("EVENTS")
    finally:
        await nc.close()
    per = {c.name: {"delivered": c.delivered.consumer_seq if c.delivered else 0,
                    "depth": (c.num_pending or 0) + (c.num_ack_pending or 0)} for c in consumers}
    return {"published": stream.state.messages, "delivered": sum(v["delivered"] for v in per.values()),
            "depth": sum(v["depth"] for v in per.values()), "consumers": per}


async def postgres(stack: Stack, *, statements: bool) -> dict[str, Any]:
    assert stack.postgres is not None
    conn = await asyncpg.connect(stack.postgres.dsn("postgres"))
    try:
        xacts = {r["datname"]: r["n"] for r in await conn.fetch(
            f"SELECT {BENCH_MARK} datname, xact_commit + xact_rollback AS n FROM pg_stat_database"
            " WHERE datname = ANY($1::text[])", list(DATABASES))}
        calls: dict[str, int] = {}
        bench_calls: dict[str, int] = {}
        if statements:
            for r in await conn.fetch(
                    f"SELECT {BENCH_MARK} d.datname, sum(s.calls) FILTER (WHERE s.query NOT LIKE $2) AS app,"
                    " coalesce(sum(s.calls) FILTER (WHERE s.query LIKE $2), 0) AS bench"
                    " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                    " WHERE d.datname = ANY($1::text[]) GROUP BY d.datname", list(DATABASES), f"%{BENCH_MARK}%"):
                calls[r["datname"]] = int(r["app"] or 0)
                bench_calls[r["datname"]] = int(r["bench"])
    finally:
        await conn.close()
    emails = await scalar(stack.database_url("notification"),
                        f"SELECT {BENCH_MARK} count(*) FROM outbound_emails WHERE sent_at IS NOT NULL")
    return {"transactions": xacts, "statements": calls, "bench_statements": bench_calls, "emails_sent": emails}


async def top_statements(stack: Stack, *, limit: int = 40, order: str = "total_exec_time") -> list[dict[str, Any]]:
    """The statements PostgreSQL spent most time on (or, with order="calls", ran most often) over the whole run
    (pg_stat_statements), for the cost model."""
    assert order in ("total_exec_time", "calls")
    assert stack.postgres is not None
    conn = await asyncpg.connect(stack.postgres.dsn("postgres"))
    try:
        rows = await conn.fetch(
            f"SELECT {BENCH_MARK} d.datname AS db, s.calls, round(s.total_exec_time::numeric, 1) AS total_ms,"
            " s.rows, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query"
            " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
            " WHERE d.datname = ANY($1::text[]) AND s.query NOT LIKE $2"
            f" ORDER BY s.{order} DESC LIMIT $3", list(DATABASES), f"%{BENCH_MARK}%", limit)
    except asyncpg.PostgresError:
        return []
    finally:
        await conn.close()
    return [dict(r) | {"total_ms": float(r["total_ms"])} for r in rows]


async def scalar(dsn: str, sql: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


async def snapshot(stack: Stack, *, statements: bool) -> dict[str, Any]:
    return {"jetstream": await jetstream(stack.nats_url), "postgres": await postgres(stack, statements=statements)}


def per_enquiry(before: dict[str, Any], after: dict[str, Any], *, enquiries: int,
                http_requests: int) -> dict[str, Any]:
    """The counters' growth between two snapshots, per completed enquiry (the bench's own reads subtracted)."""
    if not enquiries:
        return {}
    b_pg, a_pg = before["postgres"], after["postgres"]

    def grew(key: str, db: str) -> int:
        return a_pg[key].get(db, 0) - b_pg[key].get(db, 0)

    out: dict[str, Any] = {
        "enquiries": enquiries,
        "http_requests": round(http_requests / enquiries, 2),
        "publishes": round((after["jetstream"]["published"] - before["jetstream"]["published"]) / enquiries, 2),
        "deliveries": round((after["jetstream"]["delivered"] - before["jetstream"]["delivered"]) / enquiries, 2),
        "emails": round((a_pg["emails_sent"] - b_pg["emails_sent"]) / enquiries, 2),
        "transactions": {}, "statements": {},
    }
    for db in DATABASES:
        bench = grew("bench_statements", db) if a_pg["bench_statements"] else 0
        out["transactions"][db] = round((grew("transactions", db) - bench) / enquiries, 2)
        if a_pg["statements"]:
            out["statements"][db] = round(grew("statements", db) / enquiries, 2)
    out["transactions"]["total"] = round(sum(out["transactions"].values()), 2)
    if out["statements"]:
        out["statements"]["total"] = round(sum(out["statements"].values()), 2)
    return out
