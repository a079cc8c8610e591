"""Events that overtake the enquiry's submitted event are retried, not dropped; what still cannot be processed
lands in the consumer dead letters, which operators list, retry and archive via the API and the CLI."""
from __future__ import annotations

import uuid

import pytest

from services.notification.entrypoints import cli
from tests.support.waiting import eventually

from . import events
from .conftest import OPERATOR_TOKEN
from .rig import Mailbox, Service, running, settings_for

AUTH = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
DEAD_LETTERS = "/api/v1/operator/dead-letters"


async def _sent(service: Service, template: str) -> bool:
    return bool(await service.emails(template=template, status="sent"))


async def _open_dead_letters(service: Service) -> list[dict]:
    return (await service.http.get(DEAD_LETTERS, headers=AUTH)).json()


async def test_event_before_its_enquiry_is_retried_until_the_enquiry_is_known(fresh_db, nats_url, smtp_port,
                                                                              mailbox: Mailbox, stream) -> None:
    sub = events.submitted()
    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port,
                                    retry_delays_s=[0.3] * 9)) as service:
        await stream.publish(events.info_requested(sub))

        async def nakked() -> bool:
            text = (await service.http.get("/metrics")).text
            return 'consumer="notification-info-requested",outcome="retry"' in text
        await eventually(nakked, what="info request nakked for a retry")
        await stream.publish(sub)
        await eventually(lambda: _sent(service, "information_request"), what="info request sent after retry")
        assert await _open_dead_letters(service) == []


async def test_dead_letter_retried_through_the_api_is_processed_once(fresh_db, nats_url, smtp_port,
                                                                     mailbox: Mailbox, stream) -> None:
    sub = events.submitted()
    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)) as service:
        await stream.publish(events.info_requested(sub))  # the enquiry stays unknown: dead letter after max_deliver
        letters = await eventually(lambda: _open_dead_letters(service), what="dead letter")
        assert [(d["consumer"], d["error_class"]) for d in letters] == [
            ("notification-info-requested", "RecipientsNotKnownYet")]
        assert (await service.http.get(DEAD_LETTERS)).status_code == 401
        detail = (await service.http.get(f"{DEAD_LETTERS}/{letters[0]['id']}", headers=AUTH)).json()
        assert str(sub.payload.enquiry_id) in detail["body"]

        await stream.publish(sub)
        await eventually(lambda: _sent(service, "acknowledgement"), what="acknowledgement")
        for _ in range(2):  # a second retry is refused: the first already republished it
            resp = await service.http.post(f"{DEAD_LETTERS}/{letters[0]['id']}/retry", headers=AUTH)
        assert resp.status_code == 409
        await eventually(lambda: _sent(service, "information_request"), what="info request after retry")
        assert await _open_dead_letters(service) == []
        assert len(mailbox.to("k.wallmeier@klingenberg.example")) == 2
        assert (await service.http.post(f"{DEAD_LETTERS}/999999/archive", headers=AUTH)).status_code == 404


async def test_cli_lists_retries_and_archives(fresh_db, nats_url, smtp_port, mailbox: Mailbox, stream,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    settings = settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)
    sub = events.submitted()
    async with running(settings) as service:
        await stream.js.publish("advisory.case.closed.v1", b"{not json", headers={"Nats-Msg-Id": uuid.uuid4().hex})
        await stream.publish(events.closed(sub))
        letters = await eventually(lambda: _n_open(service, 2), what="two dead letters")
        poison = next(d["id"] for d in letters if d["error_class"] == "ValidationError")
        waiting = next(d["id"] for d in letters if d["error_class"] == "RecipientsNotKnownYet")
        capsys.readouterr()
        assert await cli.run(["dead-letters", "list"], settings=settings) == 0
        assert sorted(int(line.split("\t")[0]) for line in capsys.readouterr().out.splitlines()) == sorted(
            [poison, waiting])
        assert await cli.run(["dead-letters", "archive", str(poison)], settings=settings) == 0
        assert await cli.run(["dead-letters", "archive", str(poison)], settings=settings) == 1
        await stream.publish(sub)
        await eventually(lambda: _sent(service, "acknowledgement"), what="acknowledgement")
        assert await cli.run(["dead-letters", "retry", str(waiting)], settings=settings) == 0
        await eventually(lambda: _sent(service, "closure"), what="closure after CLI retry")
        capsys.readouterr()
        assert await cli.run(["dead-letters", "list"], settings=settings) == 0
        assert capsys.readouterr().out == ""
        assert await cli.run(["failed-emails", "list"], settings=settings) == 0
        assert await cli.run(["failed-emails", "retry", "424242"], settings=settings) == 1


async def _n_open(service: Service, n: int) -> list[dict]:
    letters = await _open_dead_letters(service)
    return letters if len(letters) == n else []


async def test_cli_runs_as_a_module(fresh_db, nats_url, smtp_port, mailbox: Mailbox) -> None:
    import asyncio
    import os
    import subprocess
    import sys

    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)):
        pass  # migrated
    env = os.environ | {"NOTIFICATION_DATABASE_URL": fresh_db, "NATS_URL": nats_url}
    done = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "services.notification",
                                                    "dead-letters", "list", "--all"], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
