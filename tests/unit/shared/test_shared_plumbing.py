"""Envelope, failpoints, problem details, safe text, the body-size limit, the broker log filter, relay back-off."""
from __future__ import annotations

import logging
import uuid

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel, TypeAdapter, ValidationError

from shared import failpoints
from shared.contracts.envelope import Envelope, new_envelope, split_subject
from shared.contracts.text import Line, Paragraph
from shared.http import BodySizeLimit, SecurityHeaders
from shared.messaging.broker import FetchTimeoutIsNoError
from shared.problems import field_errors


class Thing(BaseModel):
    n: int


def test_envelope_round_trips_and_carries_version_from_subject() -> None:
    cause = uuid.uuid4()
    env = new_envelope(Thing(n=3), subject="intake.thing.happened.v2", producer="intake",
                       correlation_id="DN-2026-ABCDEF", causation_id=cause)
    assert (env.event_type, env.event_version, env.causation_id) == ("intake.thing.happened", 2, cause)
    back = Envelope[Thing].model_validate_json(env.model_dump_json())
    assert back == env


@pytest.mark.parametrize("bad", ["intake.thing", "intake.thing.v", "intake.thing.vx", "v1"])
def test_subject_without_version_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        split_subject(bad)


def test_failpoints_are_inert_unless_configured() -> None:
    failpoints.configure("")
    failpoints.failpoint("anything")  # nothing happens
    failpoints.configure("a.b=error")
    with pytest.raises(failpoints.FailpointError):
        failpoints.failpoint("a.b")
    failpoints.failpoint("other")
    failpoints.configure("")


@pytest.mark.parametrize("text", ["a\x00b", "x\r\nBcc: y", "a\u2028b", "\x1b[31m"])
def test_single_line_text_refuses_control_characters(text: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Line).validate_python(text)


def test_paragraph_keeps_newlines_and_normalises_unicode() -> None:
    assert TypeAdapter(Paragraph).validate_python("Zeile 1\nZeile 2") == "Zeile 1\nZeile 2"
    assert TypeAdapter(Line).validate_python("Mu\u0308ller") == "Müller"  # NFD -> NFC
    with pytest.raises(ValidationError):
        TypeAdapter(Line).validate_python("\ud800")


def test_field_errors_name_the_field_and_never_echo_input() -> None:
    raw = [{"loc": ("body", "company", "name"), "msg": "String should have at least 1 character",
            "type": "string_too_short", "input": "SECRET"},
           {"loc": ("body",), "msg": "Value error, consents.processing: consent to processing is required",
            "type": "value_error"}]
    errors = field_errors(raw)
    assert [e.field for e in errors] == ["company.name", "consents.processing"]
    assert errors[1].message == "consent to processing is required"
    assert "SECRET" not in str([e.model_dump() for e in errors])


def _app() -> FastAPI:
    app = FastAPI()

    @app.post("/model")
    async def model(thing: Thing) -> dict[str, int]:
        return {"n": thing.n}

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, max_bytes=1000)
    return app


async def test_body_over_the_limit_is_refused_by_content_length_and_by_streamed_size() -> None:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        ok = await client.post("/echo", content=b"x" * 1000)
        assert ok.status_code == 200 and ok.json() == {"size": 1000}
        assert ok.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in ok.headers["content-security-policy"]
        big = await client.post("/echo", content=b"x" * 1001)
        assert big.status_code == 413

        async def chunks():
            for _ in range(20):
                yield b"x" * 100

        streamed = await client.post("/echo", content=chunks())
        assert streamed.status_code == 413


async def test_streamed_json_body_over_the_limit_is_413_even_where_the_framework_parses_it() -> None:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        async def chunks():
            yield b'{"n": 1, "pad": "'
            for _ in range(20):
                yield b"x" * 100
            yield b'"}'

        r = await client.post("/model", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/problem+json"


def _supervisor_record(exc: BaseException) -> logging.LogRecord:
    return logging.LogRecord("svc.broker", logging.ERROR, __file__, 1, "Task-7 raised an exception, retrying...",
                             None, (type(exc), exc, None))


def test_fetch_timeouts_restarting_the_pull_loop_are_not_logged_as_errors() -> None:
    keep = FetchTimeoutIsNoError().filter
    assert not keep(_supervisor_record(TimeoutError()))
    assert keep(_supervisor_record(ConnectionResetError("broker went away")))  # real failures stay visible
    other = logging.LogRecord("svc.broker", logging.ERROR, __file__, 1, "handler failed", None,
                              (TimeoutError, TimeoutError(), None))
    assert keep(other)


def test_the_relay_backs_off_after_failed_passes_but_never_sleeps_through_a_recovered_broker() -> None:
    from shared.messaging.outbox import MAX_BACKOFF_S, relay_delay_s

    assert relay_delay_s(0, poll_s=0.5) == 0.5
    assert relay_delay_s(1, poll_s=0.5) == 1.0 and relay_delay_s(2, poll_s=0.5) == 2.0
    # A failover fails many passes within a second; the sleep after them stays short.
    assert relay_delay_s(7, poll_s=0.5) == relay_delay_s(50, poll_s=0.5) == MAX_BACKOFF_S <= 5
