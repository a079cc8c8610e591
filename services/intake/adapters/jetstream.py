"""The broker calls intake's use cases make themselves: re-publishing an event, scrubbing erased ones."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import nats
from faststream.nats import NatsBroker
from nats.js import JetStreamContext

from shared.gdpr import scrub_stream
from shared.messaging.streams import EVENTS_STREAM

PUBLISH_TIMEOUT_S = 5


class BrokerRepublisher:
    def __init__(self, broker: NatsBroker) -> None:
        self._broker = broker

    async def republish(self, *, subject: str, envelope: dict[str, Any], msg_id: str, correlation_id: str) -> None:
        await self._broker.publish(envelope, subject, stream=EVENTS_STREAM, timeout=PUBLISH_TIMEOUT_S,
                                   headers={"Nats-Msg-Id": msg_id}, correlation_id=correlation_id)


class _StreamSession:
    def __init__(self, js: JetStreamContext) -> None:
        self._js = js

    async def delete_events_of(self, references: set[str]) -> int:
        return await scrub_stream(self._js, references)


class NatsEventStream:
    """A NATS connection of its own for each session (one per erasure pass), closed when the session ends."""

    def __init__(self, servers: list[str]) -> None:
        self._servers = servers

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[_StreamSession]:
        nc = await nats.connect(servers=self._servers, connect_timeout=5, max_reconnect_attempts=2)
        try:
            yield _StreamSession(nc.jetstream())
        finally:
            await nc.close()
