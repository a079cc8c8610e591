"""Dispatcher leases: an email left in 'sending' by a dispatcher that died is claimed again as soon as its lease
lapsed (not after SENDING_STALE_AFTER_S), while a live dispatcher's emails stay its own however long it sends."""
from __future__ import annotations

import uuid

import asyncpg

from services.notification.adapters.delivery_log import PgOutboundEmails
from services.notification.adapters.dispatcher_lease import PgDispatcherLease
from services.notification.app import MIGRATIONS
from shared.db import create_pool, migrate_async

LEASE_S = 5.0
STALE_S = 120.0


async def _sending(pool: asyncpg.Pool, recipient: str, owner: uuid.UUID | None) -> None:
    await pool.execute(
        "INSERT INTO outbound_emails (message_id, event_id, correlation_id, template, language, recipient,"
        " recipient_role, context, status, attempts, claimed_at, claimed_by)"
        " VALUES ($1, $2, 'c', 'acknowledgement', 'de', $3, 'company', '{}'::jsonb, 'sending', 1, now(), $4)",
        f"<{uuid.uuid4().hex}@test>", uuid.uuid4(), recipient, owner)


async def test_only_the_emails_of_a_dead_dispatcher_are_taken_over(fresh_db: str) -> None:
    await migrate_async(fresh_db, MIGRATIONS)
    pool = await create_pool(fresh_db, min_size=1, max_size=4)
    try:
        live, dead, gone, me = (uuid.uuid4() for _ in range(4))
        live_lease = PgDispatcherLease(pool, owner=live)
        await live_lease.renew()
        await PgDispatcherLease(pool, owner=dead).renew()
        await pool.execute("UPDATE dispatchers SET seen_at = now() - interval '1 minute' WHERE id = $1", dead)
        await _sending(pool, "live@example.org", live)      # a live replica mid-send: never taken
        await _sending(pool, "dead@example.org", dead)      # its process died a minute ago: taken at once
        await _sending(pool, "gone@example.org", gone)      # no lease row at all (stopped, or swept): taken
        await _sending(pool, "legacy@example.org", None)    # claimed before leases existed: waits for STALE_S

        mine = PgOutboundEmails(pool, owner=me, lease_s=LEASE_S)
        await PgDispatcherLease(pool, owner=me).renew()
        taken = await mine.claim_due(limit=10, stale_after_s=STALE_S)
        assert sorted(e.recipient for e in taken) == ["dead@example.org", "gone@example.org"]
        assert all(e.attempts == 2 for e in taken)
        owners = dict(await pool.fetch("SELECT recipient, claimed_by FROM outbound_emails"))
        assert owners["dead@example.org"] == owners["gone@example.org"] == me
        # Taken now, they are mine: another dispatcher does not take them while I renew.
        assert await PgOutboundEmails(pool, owner=uuid.uuid4(), lease_s=LEASE_S).claim_due(
            limit=10, stale_after_s=STALE_S) == []

        # A clean stop of the live one frees what it left behind at once.
        await live_lease.retire()
        [freed] = await mine.claim_due(limit=10, stale_after_s=STALE_S)
        assert freed.recipient == "live@example.org"
        # The stale backstop still applies to rows without an owner.
        await pool.execute("UPDATE outbound_emails SET claimed_at = now() - interval '3 minutes'"
                           " WHERE recipient = 'legacy@example.org'")
        [legacy] = await mine.claim_due(limit=10, stale_after_s=STALE_S)
        assert legacy.recipient == "legacy@example.org"
    finally:
        await pool.close()
