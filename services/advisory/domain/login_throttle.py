"""When a login attempt must wait: per (account, client address) pair, growing delays; per address, a slowdown.

No rule ever blocks an account as such: five wrong passwords for an account from one address make only that
address wait for that account, and a spray of failures from one address only slows that address down. So nobody
can lock an advisor (or a whole office behind one NAT address) out by failing on purpose (ADR 10 has the numbers).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottlePolicy:
    window: timedelta = timedelta(minutes=15)  # failures older than this are forgotten
    free_failures_per_pair: int = 5  # wrong passwords for one account from one address before delays start
    first_delay: timedelta = timedelta(seconds=30)  # doubles with every further failure ...
    max_delay: timedelta = timedelta(minutes=15)  # ... up to this
    failures_per_address: int = 30  # over all accounts; above it every attempt from the address is slowed
    address_delay_s: float = 2.0


@dataclass(frozen=True)
class FailureCounts:
    pair: int  # counted failures for this account from this address in the window
    pair_last_at: datetime | None
    address: int  # counted failures from this address, any account, in the window


@dataclass(frozen=True)
class Decision:
    retry_after_s: int  # > 0: refuse this attempt (429) and say when to come back
    slow_down_s: float  # wait this long before checking the password


def pair_delay(failures: int, policy: ThrottlePolicy) -> timedelta:
    """The wait after `failures` counted failures of one pair: 0 up to the free ones, then 30 s, 60 s, 120 s ..."""
    over = failures - policy.free_failures_per_pair
    if over < 0:
        return timedelta(0)
    return min(policy.first_delay * (2 ** min(over, 20)), policy.max_delay)


def decide(counts: FailureCounts, *, now: datetime, policy: ThrottlePolicy) -> Decision:
    if counts.pair_last_at is not None:
        remaining = (counts.pair_last_at + pair_delay(counts.pair, policy) - now).total_seconds()
        if remaining > 0:
            return Decision(retry_after_s=math.ceil(remaining), slow_down_s=0.0)
    slow = policy.address_delay_s if counts.address >= policy.failures_per_address else 0.0
    return Decision(retry_after_s=0, slow_down_s=slow)


def account_key(email: str) -> str:
    """One key per account however the e-mail is written (case, surrounding spaces)."""
    return email.strip().lower()
