"""The throttle's decisions: growing delays per pair, a slowdown (never a block) per address."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.advisory.domain.login_throttle import FailureCounts, ThrottlePolicy, account_key, decide, pair_delay

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
POLICY = ThrottlePolicy()


def test_delays_start_after_five_failures_and_double_up_to_fifteen_minutes() -> None:
    assert [pair_delay(n, POLICY).total_seconds() for n in (4, 5, 6, 7, 9, 40)] == [0, 30, 60, 120, 480, 900]


def test_a_pair_waits_out_its_delay_then_may_try_again() -> None:
    counts = FailureCounts(pair=5, pair_last_at=NOW - timedelta(seconds=10), address=5)
    assert decide(counts, now=NOW, policy=POLICY).retry_after_s == 20
    assert decide(counts, now=NOW + timedelta(seconds=20), policy=POLICY).retry_after_s == 0


def test_many_failures_from_an_address_slow_it_but_never_refuse_a_fresh_account() -> None:
    fresh = FailureCounts(pair=0, pair_last_at=None, address=500)
    decision = decide(fresh, now=NOW, policy=POLICY)
    assert decision.retry_after_s == 0 and decision.slow_down_s == POLICY.address_delay_s
    calm = decide(FailureCounts(pair=0, pair_last_at=None, address=29), now=NOW, policy=POLICY)
    assert calm.slow_down_s == 0


def test_one_account_key_however_the_email_is_written() -> None:
    assert account_key("  Anna.Berg@Example.ORG ") == "anna.berg@example.org"
