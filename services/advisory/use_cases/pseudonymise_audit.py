"""Retention of the audit log: after `retention_days` an entry keeps what happened, not who did it (GDPR)."""
from __future__ import annotations

from shared.clock import Clock

from ..domain.audit import pseudonymise_cutoff
from .ports import AuditRetention

BATCH = 1_000


async def pseudonymise_expired_audit(store: AuditRetention, *, clock: Clock, retention_days: int, key: str) -> int:
    """Pseudonymise every entry past retention, a batch at a time; how many entries changed."""
    now = clock.now()
    cutoff = pseudonymise_cutoff(now, retention_days=retention_days)
    done = 0
    while (n := await store.pseudonymise_before(cutoff, key=key, now=now, batch=BATCH)) > 0:
        done += n
        if n < BATCH:
            break
    return done
