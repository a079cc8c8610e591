"""Fixtures of the fast advisory use-case tests: a frozen clock, the in-memory store and its unit of work."""
from __future__ import annotations

import pytest

from shared.clock import FrozenClock

from .fakes import FakeCaseStore, FakeUnitOfWork


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()  # Monday 2 March 2026, 09:00 UTC: a business day in NRW


@pytest.fixture
def store(clock: FrozenClock) -> FakeCaseStore:
    return FakeCaseStore(clock=clock)


@pytest.fixture
def uow(store: FakeCaseStore) -> FakeUnitOfWork:
    return FakeUnitOfWork(store)
