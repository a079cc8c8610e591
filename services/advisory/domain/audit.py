"""The audit log's retention rule: entries name a person for `retention_days`, then only a pseudonym."""
from __future__ import annotations

from datetime import datetime, timedelta


def pseudonymise_cutoff(now: datetime, *, retention_days: int) -> datetime:
    """Entries before this instant are past retention; their actor is to be pseudonymised (never deleted)."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    return now - timedelta(days=retention_days)
