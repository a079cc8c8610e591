"""The correlation id middleware binds the enquiry reference to the request's log lines and response."""
from __future__ import annotations

import logging

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from shared.http import CorrelationId
from shared.logs import correlation_id_var
from shared.observability.correlation import bind_correlation_id

seen: list[str | None] = []


async def submit(request: Request) -> JSONResponse:
    logging.getLogger("test").info("before")
    seen.append(correlation_id_var.get())
    bind_correlation_id("DN-2026-7K3F9Q")  # what add_to_outbox does when the enquiry event is staged
    seen.append(correlation_id_var.get())
    return JSONResponse({"reference": "DN-2026-7K3F9Q"}, status_code=202)


async def status(request: Request) -> JSONResponse:
    return JSONResponse({"reference": "DN-2026-AAAAAA", "status": "received"})


async def plain(request: Request) -> PlainTextResponse:
    seen.append(correlation_id_var.get())
    return PlainTextResponse("ok")


APP = Starlette(routes=[Route("/submit", submit, methods=["POST"]), Route("/status", status), Route("/plain", plain)],
                middleware=[Middleware(CorrelationId)])


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=APP), base_url="http://t")


async def test_a_reference_bound_during_handling_is_on_later_log_lines_and_in_the_header() -> None:
    seen.clear()
    async with client() as c:
        r = await c.post("/submit")
    assert r.headers["x-correlation-id"] == "DN-2026-7K3F9Q" == r.json()["reference"]
    assert seen == [None, "DN-2026-7K3F9Q"]
    assert correlation_id_var.get() is None  # nothing leaks out of the request


async def test_a_reference_in_a_json_answer_becomes_the_header_when_nothing_was_bound() -> None:
    async with client() as c:
        r = await c.get("/status")
    assert r.headers["x-correlation-id"] == "DN-2026-AAAAAA"
    assert r.json()["status"] == "received"


async def test_a_plain_inbound_id_is_used_and_a_forged_one_is_ignored() -> None:
    seen.clear()
    async with client() as c:
        good = await c.get("/plain", headers={"X-Correlation-Id": "DN-2026-BBBBBB"})
        forged = await c.get("/plain", headers={"X-Correlation-Id": "x\"}, {\"level\": \"fake"})
        none = await c.get("/plain")
    assert good.headers["x-correlation-id"] == "DN-2026-BBBBBB"
    assert "x-correlation-id" not in forged.headers and "x-correlation-id" not in none.headers
    assert seen == ["DN-2026-BBBBBB", None, None]


def test_outside_a_request_binding_does_nothing() -> None:
    bind_correlation_id("DN-2026-CCCCCC")
    assert correlation_id_var.get() is None
