"""`python -m services.<name>`: run one service under uvicorn; `... migrate` only migrates its database."""
from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .db import migrate
from .settings import ServiceSettings


def run(create_app: Callable[[], FastAPI], settings: ServiceSettings, *, migrations_dir: Path) -> None:
    if sys.argv[1:] == ["migrate"]:
        migrate(settings.database_url, migrations_dir)
        print(f"{settings.service_name}: database is at the newest revision")
        return
    uvicorn.run(create_app(), **server_options(settings))


def server_options(settings: ServiceSettings) -> dict[str, Any]:
    """uvicorn's options for a service (also used by the slow-client test)."""
    return {
        "host": settings.host, "port": settings.port, "log_config": None,
        # Keep in-flight handlers inside the orchestrator's grace period.
        "timeout_graceful_shutdown": 10, "proxy_headers": False, "server_header": False,
        "http": timed_protocol(header_timeout_s=settings.http_header_timeout_s,
                               body_timeout_s=settings.http_body_timeout_s),
    }


def timed_protocol(*, header_timeout_s: float, body_timeout_s: float) -> type[HttpToolsProtocol]:
    """uvicorn's HTTP/1.1 protocol with read deadlines, which uvicorn lacks: a client that trickles its request
    head or body (slowloris) would hold a connection for as long as it likes. The head must be complete within
    `header_timeout_s` of the connection or of the request's first byte, the body within `body_timeout_s` after
    the head; otherwise the client gets 408 (if nothing was answered yet) and the connection is closed."""

    class TimedHttpToolsProtocol(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self, seconds: float) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if self.transport.is_closing():
                return
            if self.cycle is None or not self.cycle.response_started:
                self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                                     b"connection: close\r\ncontent-length: 16\r\n\r\nRequest Timeout\n")
            self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as uvicorn's
            super().connection_made(transport)
            self._arm(header_timeout_s)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if self._deadline is None:  # a further request on a kept-alive connection
                self._arm(header_timeout_s)

        def on_headers_complete(self) -> None:
            super().on_headers_complete()
            self._arm(body_timeout_s)

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return TimedHttpToolsProtocol
