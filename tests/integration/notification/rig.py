"""Test rig for notification: a recording SMTP server, the service in-process, a JetStream client."""
from __future__ import annotations

import contextlib
import email.policy
import json
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import asyncpg
import httpx
import nats
from aiosmtpd.controller import Controller
from fastapi import FastAPI

from services.notification.app import create_app
from services.notification.settings import NotificationSettings
from shared.contracts.envelope import Envelope
from shared.messaging.provision import ensure_stream
from shared.messaging.streams import EVENTS_STREAM


@dataclass
class Received:
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage
    peer: Any = None  # (host, port) of the client connection: tells connections apart

    @property
    def message_id(self) -> str:
        # Python's SMTP policy folds a header of 79-90 chars onto a continuation line; the leading folding
        # white space is not part of the msg-id (RFC 5322 3.6.4), but Python's parser keeps it.
        return str(self.message["Message-ID"]).strip()


@dataclass
class Mailbox:
    """What the SMTP server saw. Filled from aiosmtpd's thread; read from the test."""

    received: list[Received] = field(default_factory=list)
    rcpt_attempts: list[str] = field(default_factory=list)
    reject: re.Pattern[str] | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        self.rcpt_attempts.append(address)
        if self.reject is not None and self.reject.search(address):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        parsed = BytesParser(policy=email.policy.default).parsebytes(raw)
        self.received.append(Received(rcpt_tos=list(envelope.rcpt_tos), raw=raw, message=parsed,
                                      peer=session.peer))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if r.rcpt_tos == [address]]

    async def count_at_least(self, n: int) -> list[Received]:
        return list(self.received) if len(self.received) >= n else []


@contextlib.contextmanager
def smtp_server(port: int, mailbox: Mailbox | None = None) -> Iterator[Mailbox]:
    box = mailbox or Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def settings_for(*, dsn: str, nats_url: str, smtp_port: int, **overrides: Any) -> NotificationSettings:
    """Fast timings for tests: short consumer retries, dispatcher beat and SMTP backoff."""
    values: dict[str, Any] = dict(
        env="test", database_url=dsn, nats_url=nats_url, smtp_port=smtp_port, smtp_timeout_s=3.0,
        retry_delays_s=[0.2, 0.3, 0.5], dispatch_poll_s=0.1, send_retry_base_s=0.2, send_retry_max_s=0.5,
        sending_stale_after_s=1.0, outbox_poll_interval_s=0.1, db_pool_min=1, db_pool_max=5,
        operator_token="test-operator-token-0123456789abcdef",
    )
    return NotificationSettings(**(values | overrides))


@dataclass
class Service:
    app: FastAPI
    http: httpx.AsyncClient
    pool: asyncpg.Pool

    async def emails(self, **where: Any) -> list[asyncpg.Record]:
        clauses = " AND ".join(f"{k} = ${i}" for i, k in enumerate(where, 1)) or "true"
        async with self.pool.acquire() as conn:
            return await conn.fetch(f"SELECT * FROM outbound_emails WHERE {clauses} ORDER BY id", *where.values())

    async def scalar(self, sql: str, *args: Any) -> Any:
        async with self.pool.acquire() as conn:
            return await conn.fetchval(sql, *args)


@contextlib.asynccontextmanager
async def running(settings: NotificationSettings) -> AsyncIterator[Service]:
    """The whole service in-process: migrations, consumers, relay, dispatcher, HTTP via ASGI."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://notification") as client:
            yield Service(app=app, http=client, pool=app.state.runtime.require_pool())


@dataclass
class Stream:
    js: Any

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(cls, url: str) -> AsyncIterator[Stream]:
        nc = await nats.connect(url)
        try:
            js = nc.jetstream()
            await ensure_stream(js)
            yield cls(js=js)
        finally:
            await nc.close()

    async def publish(self, envelope: Envelope[Any], *, times: int = 1) -> None:
        """Publish `envelope`; more than once means new Nats-Msg-Ids, so only the inbox can dedupe."""
        subject = f"{envelope.event_type}.v{envelope.event_version}"
        for _ in range(times):
            await self.js.publish(subject, envelope.model_dump_json().encode(),
                                  headers={"Nats-Msg-Id": uuid.uuid4().hex})

    async def payloads(self, subject: str) -> list[dict[str, Any]]:
        info = await self.js.stream_info(EVENTS_STREAM)
        out = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            with contextlib.suppress(Exception):
                msg = await self.js.get_msg(EVENTS_STREAM, seq)
                if msg.subject == subject:
                    out.append(json.loads(msg.data)["payload"])
        return out
