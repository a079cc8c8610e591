"""GDPR erasure (Art. 17) and retention: what is due, and what stays as the audit record."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta


def reference_hash(reference: str) -> str:
    """What the erasure request keeps of a reference: enough to answer "was it erased?", not to read it."""
    return hashlib.sha256(reference.encode()).hexdigest()


def retention_cutoff(now: datetime, *, retention_days: int) -> datetime:
    """Closed enquiries last changed before this are erased."""
    return now - timedelta(days=retention_days)
