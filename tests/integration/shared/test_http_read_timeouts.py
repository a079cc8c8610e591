"""Slow clients (slowloris) are cut off: the request head and body have read deadlines (issue 19).

A real uvicorn server with the services' options (shared.runner.server_options) and a raw socket that trickles
its request one byte at a time, as the outside probe did."""
from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest_asyncio
import uvicorn
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from devstack.proc import free_port
from shared.runner import server_options
from shared.settings import ServiceSettings
from tests.support.waiting import eventually

TIMEOUT_S = 0.6


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    body = await Request(scope, receive).body()
    await PlainTextResponse(f"got {len(body)} bytes")(scope, receive, send)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[int]:
    port = free_port()
    settings = ServiceSettings(port=port, http_header_timeout_s=TIMEOUT_S, http_body_timeout_s=TIMEOUT_S)
    options = {**server_options(settings), "log_level": "warning"}
    del options["log_config"]
    srv = uvicorn.Server(uvicorn.Config(echo, **options))  # type: ignore[arg-type]  # the options are uvicorn's
    task = asyncio.create_task(srv.serve())

    async def started() -> bool | None:
        return srv.started or None

    await eventually(started, timeout=10, what="uvicorn started")
    yield port
    srv.should_exit = True
    await task


async def _trickle(port: int, head: bytes, trickled: bytes) -> tuple[bytes, float]:
    """Send `head` at once, then `trickled` a byte every 0.1 s; returns what the server answered and when it
    closed the connection (seconds after the first byte)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    writer.write(head)
    answer = b""

    async def read_all() -> None:
        nonlocal answer
        while chunk := await reader.read(1024):
            answer += chunk

    reading = asyncio.create_task(read_all())
    for byte in trickled:
        if reading.done():
            break
        try:
            writer.write(bytes([byte]))
            await writer.drain()
        except ConnectionError:
            break
        await asyncio.sleep(0.1)  # the slow client's pace, not a wait for the server
    await asyncio.wait_for(reading, timeout=10)
    writer.close()
    return answer, time.monotonic() - started


async def test_a_request_head_trickled_byte_by_byte_is_cut_off(server: int) -> None:
    answer, after = await _trickle(server, b"GET / HTTP/1.1\r\n", b"Host: x\r\nX-Slow: " + b"a" * 200)
    assert answer.startswith(b"HTTP/1.1 408") and after < TIMEOUT_S + 2


async def test_a_request_body_trickled_byte_by_byte_is_cut_off(server: int) -> None:
    head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\n"
    answer, after = await _trickle(server, head, b"b" * 200)
    assert answer.startswith(b"HTTP/1.1 408") and after < TIMEOUT_S + 2


async def test_a_request_at_normal_speed_is_answered(server: int) -> None:
    head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
    answer, _ = await _trickle(server, head, b"")
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"got 5 bytes")
