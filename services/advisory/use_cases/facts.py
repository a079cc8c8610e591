"""What a change did, in the terms the business metrics count – released only once its transaction committed.

A unit of work runs each transaction through `committed(...)`; use cases `note(...)` facts inside it. A rolled-back
transaction drops its facts; a nested one hands them to the enclosing transaction; the outermost one, after its
COMMIT, gives them to the sink that whoever runs the use case bound with `counting(sink)` (the request middleware,
the background loops). An event use case runs inside the consumer's transaction: `collected()` gathers its facts
for the handler wrapper (entrypoints/counting.py), which releases them after that commit.

Facts are plain data so that use cases know nothing about Prometheus; `AdvisoryMetrics.record` turns them into
metric updates. Without a sink (a test calling a use case directly) facts are dropped.
"""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class CaseOpened:
    assessment_s: float | None  # enquiry submitted -> opened in the queue


@dataclass(frozen=True)
class FirstClaim:
    queue_s: float | None  # opened -> first claimed (by self, a lead or auto-assignment)


@dataclass(frozen=True)
class IntroductionsSent:
    count: int
    work_s: float | None = None  # first claimed -> first introduction; None unless this is the first


@dataclass(frozen=True)
class IntroductionAnswered:
    answer: str  # accepted | declined
    waited_s: float  # introduction sent -> answered


@dataclass(frozen=True)
class SlaRaised:
    level: str  # warning | breach


Fact = CaseOpened | FirstClaim | IntroductionsSent | IntroductionAnswered | SlaRaised
Sink = Callable[[Sequence[Fact]], None]

_open_facts: ContextVar[list[Fact] | None] = ContextVar("advisory_open_facts", default=None)
_sink: ContextVar[Sink | None] = ContextVar("advisory_fact_sink", default=None)


def note(fact: Fact) -> None:
    """Record `fact` in the innermost transaction run through `committed` or `collected`."""
    facts = _open_facts.get()
    if facts is not None:
        facts.append(fact)


@contextlib.asynccontextmanager
async def committed(transaction: AbstractAsyncContextManager[T]) -> AsyncIterator[T]:
    """`transaction` (a database transaction, or a fake's), releasing the facts noted inside once it committed."""
    enclosing = _open_facts.get()
    mine: list[Fact] = []
    token = _open_facts.set(mine)
    try:
        async with transaction as inside:
            yield inside
    finally:
        _open_facts.reset(token)
    # Only reached when the transaction committed (or, nested, its savepoint was released).
    if enclosing is not None:
        enclosing.extend(mine)
    elif mine and (sink := _sink.get()) is not None:
        sink(mine)


@contextlib.contextmanager
def collected() -> Iterator[list[Fact]]:
    """The facts noted inside the block, for a caller whose transaction is opened by someone else."""
    facts: list[Fact] = []
    token = _open_facts.set(facts)
    try:
        yield facts
    finally:
        _open_facts.reset(token)


@contextlib.contextmanager
def counting(sink: Sink) -> Iterator[None]:
    """Committed facts inside the block go to `sink`."""
    token = _sink.set(sink)
    try:
        yield
    finally:
        _sink.reset(token)
