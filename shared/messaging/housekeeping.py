"""Housekeeping of the messaging tables: what the outbox, the inbox and the dead letters no longer need goes.

Nothing deleted these rows before: every event ever published stayed in its producer's outbox (an assessment's
envelope is ~22 KB, stored uncompressed since issue 20), every handled event id in each consumer's inbox, and the
outbox kept contact data the EVENTS stream itself drops after `MAX_AGE_S`. A row is needed only as long as its event
can still arrive or be sent again:
- an inbox row absorbs a redelivery of its event; JetStream keeps an event `MAX_AGE_S` at most, so no copy of it can
  arrive later (an operator's retry of a dead letter is a new delivery of an event that was *not* handled, so it has
  no inbox row to lose);
- a published outbox row is never published again, with one exception a service names (`kept_while`): intake's
  reconciliation republishes the submission of an enquiry still without a case from its outbox row, however old;
  unpublished rows are never deleted;
- a dead letter an operator retried or archived is closed: it stays for looking back, then goes (its body carries
  the event's contact data); an open dead letter is never deleted.
So all three keep `MESSAGING_RETENTION_S` (the stream's 14 days plus one day) and are deleted in batches, oldest first,
so a pass never holds many row locks or one long transaction.
"""
from __future__ import annotations

import logging
from typing import NamedTuple

import asyncpg

from .streams import MAX_AGE_S

log = logging.getLogger(__name__)

DEFAULT_RETENTION_S = MAX_AGE_S + 24 * 3600
BATCH = 1000


def _published_outbox(kept_while: str | None) -> str:
    # Oldest first by the primary key: rows are appended in id order, so the scan stops at the first young row's batch.
    keep = f" AND NOT ({kept_while})" if kept_while else ""
    return ("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
            f" WHERE published_at < now() - make_interval(secs => $1){keep} ORDER BY id LIMIT $2)")


# The inbox has no index on received_at (it would cost every handled event an index insert); an hourly scan of the
# heap, where old rows come first, is cheaper than that.
_OLD_INBOX = ("DELETE FROM inbox WHERE ctid = ANY(ARRAY(SELECT ctid FROM inbox"
              " WHERE received_at < now() - make_interval(secs => $1) LIMIT $2))")


# Closed by an operator (retried or archived) longer ago than the retention; rows are appended in id order as well.
_CLOSED_DEAD_LETTERS = ("DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters"
                        " WHERE coalesce(retried_at, archived_at) < now() - make_interval(secs => $1)"
                        " ORDER BY id LIMIT $2)")


class Purged(NamedTuple):
    outbox: int
    inbox: int
    dead_letters: int


async def purge_messaging_tables(pool: asyncpg.Pool, *, retention_s: float, kept_while: str | None = None,
                                 batch: int = BATCH) -> Purged:
    """Delete published outbox rows, inbox rows and closed dead letters older than `retention_s`, `batch` rows per
    transaction.
    `kept_while`: an SQL condition on an `outbox` row (the table's own name) under which it stays however old."""
    counts = []
    for statement in (_published_outbox(kept_while), _OLD_INBOX, _CLOSED_DEAD_LETTERS):
        total = 0
        while True:
            async with pool.acquire() as conn:
                deleted = int((await conn.execute(statement, float(retention_s), batch)).split()[-1])
            total += deleted
            if deleted < batch:
                break
        counts.append(total)
    purged = Purged(*counts)
    if any(purged):
        log.info("messaging tables purged", extra={"fields": purged._asdict()})
    return purged
