"""Where committed facts (use_cases/facts.py) reach the metrics, for the two entrypoints that run use cases:
HTTP requests and consumed events. The background loops bind their own sink (background.py)."""
from __future__ import annotations

import dataclasses
import functools
from typing import Any

import asyncpg
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.contracts.envelope import Envelope
from shared.messaging.consumer import Handler, Subscription, after_commit

from ..use_cases.facts import Sink, collected, counting


class CountCommitted:
    """ASGI middleware: what a request's use cases committed goes to `sink` (each owns its transaction)."""

    def __init__(self, app: ASGIApp, *, sink: Sink) -> None:
        self.app = app
        self.sink = sink

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with counting(self.sink):
            await self.app(scope, receive, send)


def counted(subscriptions: list[Subscription[Any]], *, sink: Sink) -> list[Subscription[Any]]:
    """The same subscriptions, each handler giving its facts to `sink` once the consumer's transaction committed."""
    return [dataclasses.replace(s, handler=_counted(s.handler, sink)) for s in subscriptions]


def _counted(handler: Handler[Any], sink: Sink) -> Handler[Any]:
    @functools.wraps(handler)  # keeps the name and the declared payload the subscription row checks
    async def run(envelope: Envelope[Any], conn: asyncpg.Connection) -> None:
        with collected() as facts:
            await handler(envelope, conn)
        if facts:
            # Counted once the consumer's transaction (with its inbox row) has committed, never for a rollback.
            after_commit(lambda: sink(facts))

    return run
