"""Per-enquiry timestamps from the services' own databases, joined by enquiry id (one machine clock).

intake `enquiries.submitted_at` -> advisory `cases.opened_at` and notification `outbound_emails.sent_at`
(the acknowledgement). Reading the tables after the run keeps the bench free of coupling to the code paths.
"""
from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from . import payload
from .counters import BENCH_MARK
from .stats import percentiles

ACK_TEMPLATE = "acknowledgement"


@dataclass
class PhaseTimes:
    submitted: dict[uuid.UUID, datetime]
    opened: dict[uuid.UUID, datetime]
    sent: dict[uuid.UUID, datetime]

    def completed(self) -> list[uuid.UUID]:
        return [e for e in self.submitted if e in self.opened and e in self.sent]


async def _fetch(dsn: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


async def read_phase(dsns: dict[str, str], tag: str) -> PhaseTimes:
    rows = await _fetch(dsns["intake"], f"SELECT {BENCH_MARK} id, submitted_at FROM enquiries "
                        "WHERE profile->'company'->>'name' LIKE $1", payload.name_pattern(tag))
    submitted = {r["id"]: r["submitted_at"] for r in rows}
    ids = list(submitted)
    opened_rows, sent_rows = await asyncio.gather(
        _fetch(dsns["advisory"], f"SELECT {BENCH_MARK} enquiry_id, opened_at FROM cases "
               "WHERE enquiry_id = ANY($1::uuid[]) AND opened_at IS NOT NULL", ids),
        _fetch(dsns["notification"], f"SELECT {BENCH_MARK} enquiry_id, min(sent_at) AS sent_at FROM outbound_emails "
               "WHERE enquiry_id = ANY($1::uuid[]) AND template = $2 AND sent_at IS NOT NULL GROUP BY enquiry_id",
               ids, ACK_TEMPLATE),
    )
    return PhaseTimes(submitted=submitted, opened={r["enquiry_id"]: r["opened_at"] for r in opened_rows},
                      sent={r["enquiry_id"]: r["sent_at"] for r in sent_rows})


async def wait_for_drain(dsns: dict[str, str], tag: str, *, stall_s: float, poll_s: float = 1.0) -> PhaseTimes:
    """Wait until every accepted enquiry of the phase has an opened case and a sent acknowledgement, or until
    nothing progressed for `stall_s` (then the result shows how many never completed)."""
    last_progress, best = time.monotonic(), -1
    while True:
        times = await read_phase(dsns, tag)
        done = len(times.opened) + len(times.sent)
        if len(times.completed()) == len(times.submitted):
            return times
        if done > best:
            best, last_progress = done, time.monotonic()
        elif time.monotonic() - last_progress > stall_s:
            return times
        await asyncio.sleep(poll_s)


def _ms(values: list[float]) -> dict[str, float]:
    return {k: round(v * 1000, 1) for k, v in percentiles(values).items()}


def summarise(times: PhaseTimes) -> dict[str, Any]:
    """Sustained throughput (complete enquiries per second, first submit to last completion) and latencies."""
    done = times.completed()
    to_case = [(times.opened[e] - times.submitted[e]).total_seconds() for e in times.opened if e in times.submitted]
    to_email = [(times.sent[e] - times.submitted[e]).total_seconds() for e in times.sent if e in times.submitted]
    out: dict[str, Any] = {
        "accepted": len(times.submitted), "cases_opened": len(times.opened), "acks_sent": len(times.sent),
        "completed": len(done), "submit_to_case_opened_ms": _ms(to_case), "submit_to_email_ms": _ms(to_email),
    }
    if done:
        first = min(times.submitted[e] for e in done)
        last = max(max(times.opened[e], times.sent[e]) for e in done)
        last_submit = max(times.submitted[e] for e in done)
        span = (last - first).total_seconds()
        out["span_s"] = round(span, 3)
        out["submit_span_s"] = round((last_submit - first).total_seconds(), 3)
        out["sustained_throughput_per_s"] = round(len(done) / span, 1) if span > 0 else None
    else:
        out["span_s"] = out["submit_span_s"] = out["sustained_throughput_per_s"] = None
    return out
