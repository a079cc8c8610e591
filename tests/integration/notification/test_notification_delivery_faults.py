"""Delivery under faults, with a real SMTP server: duplicate events, SMTP down then up, a permanent 550,
and header-injection attempts in every user field."""
from __future__ import annotations

import re

from shared.contracts import subjects
from tests.support.waiting import eventually

from . import events
from .conftest import OPERATOR_TOKEN
from .rig import Mailbox, Service, running, settings_for, smtp_server

AUTH = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
EXPECTED_HEADERS = {"from", "to", "subject", "message-id", "date", "mime-version", "content-type", "auto-submitted"}


async def _row_where(service: Service, **where: object):
    rows = await service.emails(**where)
    return rows[0] if rows else None


async def test_event_delivered_three_times_sends_one_email(fresh_db, nats_url, smtp_port, mailbox: Mailbox,
                                                           stream) -> None:
    sub = events.submitted()
    info = events.info_requested(sub)
    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)) as service:
        await stream.publish(sub, times=3)
        await stream.publish(info, times=3)
        marker = events.submitted(email="marker@example.org")
        await eventually(lambda: _row_where(service, template="information_request", status="sent"), what="sent")
        await stream.publish(marker)
        await eventually(lambda: _row_where(service, recipient="marker@example.org", status="sent"), what="marker")
        company = mailbox.to("k.wallmeier@klingenberg.example")
        assert sorted(r.message["Subject"].split(":")[1].split()[0] for r in company) == ["Eingangsbestätigung",
                                                                                         "Rückfrage"]
        assert len(await service.emails()) == 3
        assert await service.scalar("SELECT count(*) FROM inbox") == 3


async def test_smtp_down_then_up_sends_after_recovery_exactly_once(fresh_db, nats_url, smtp_port, stream) -> None:
    sub = events.submitted()
    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)) as service:
        await stream.publish(sub)  # nothing listens on smtp_port yet

        async def failed_transiently():
            row = await _row_where(service, template="acknowledgement")
            return row if row and row["attempts"] >= 2 and row["status"] == "pending" and row["last_error"] else None

        await eventually(failed_transiently, what="transient failures recorded and retried")
        with smtp_server(smtp_port) as mailbox:
            await eventually(lambda: _row_where(service, template="acknowledgement", status="sent"), what="sent")
            await stream.publish(events.submitted(email="marker@example.org"))
            await eventually(lambda: _row_where(service, recipient="marker@example.org", status="sent"), what="mark")
            assert len(mailbox.to("k.wallmeier@klingenberg.example")) == 1
        await eventually(lambda: _n_sent(stream, 2), what="one sent event each")
        assert not await stream.payloads(subjects.MESSAGE_FAILED)


async def _n_sent(stream, n: int) -> bool:
    return len(await stream.payloads(subjects.MESSAGE_SENT)) == n


async def test_permanent_550_fails_once_and_operator_can_retry(fresh_db, nats_url, smtp_port, mailbox: Mailbox,
                                                                stream) -> None:
    mailbox.reject = re.compile("refuse-me")
    refused = "refuse-me@klingenberg.example"
    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)) as service:
        await stream.publish(events.submitted(email=refused))
        failed = await eventually(lambda: stream.payloads(subjects.MESSAGE_FAILED), what="failed event")
        assert len(failed) == 1 and failed[0]["permanent"] is True and failed[0]["recipient_role"] == "company"
        await stream.publish(events.submitted(email="marker@example.org"))
        await eventually(lambda: _row_where(service, recipient="marker@example.org", status="sent"), what="marker")
        row = await _row_where(service, recipient=refused)
        assert (row["status"], row["attempts"]) == ("failed", 1)
        assert mailbox.rcpt_attempts.count(refused) == 1  # no retry storm
        assert len(await stream.payloads(subjects.MESSAGE_FAILED)) == 1

        async def gauge_shows_failed() -> bool:
            text = (await service.http.get("/metrics")).text
            return 'notification_emails{status="failed"} 1.0' in text
        await eventually(gauge_shows_failed, what="failed gauge")

        assert (await service.http.get("/api/v1/operator/failed-emails")).status_code == 401
        wrong = {"Authorization": "Bearer " + "x" * len(OPERATOR_TOKEN)}
        assert (await service.http.get("/api/v1/operator/failed-emails", headers=wrong)).status_code == 401
        listed = (await service.http.get("/api/v1/operator/failed-emails", headers=AUTH)).json()
        assert [f["id"] for f in listed] == [row["id"]]
        mailbox.reject = None  # the operator fixed the mailbox
        resp = await service.http.post(f"/api/v1/operator/failed-emails/{row['id']}/retry", headers=AUTH)
        assert resp.status_code == 200
        await eventually(lambda: _row_where(service, recipient=refused, status="sent"), what="sent after retry")
        assert len(mailbox.to(refused)) == 1
        again = await service.http.post(f"/api/v1/operator/failed-emails/{row['id']}/retry", headers=AUTH)
        assert again.status_code == 404


HOSTILE_LINE = "Eve =?UTF-8?Q?=0A?=Bcc: a@evil.example\x85Cc: b@evil.example =?UTF-8?B?DQpCY2M6IGNAZXZpbC5leGFtcGxl?="
HOSTILE_TEXT = "Frage\r\nBcc: d@evil.example\r\n\r\n<html>\nSubject: gewonnen\n" + HOSTILE_LINE


async def test_header_injection_in_every_user_field_changes_no_header(fresh_db, nats_url, smtp_port,
                                                                       mailbox: Mailbox, stream) -> None:
    sub = events.submitted(name=HOSTILE_LINE, company=HOSTILE_LINE)
    shared = {"name": HOSTILE_LINE, "kreis": HOSTILE_LINE, "competences": [HOSTILE_LINE], "looking_for": HOSTILE_TEXT}
    triggers = [sub, events.info_requested(sub, question=HOSTILE_TEXT),
                events.introduction(sub, partner_ids=["aerospace-nrw"], shared_profile=shared),
                events.closed(sub, reason_text=HOSTILE_TEXT),
                events.escalated(sub, leads=[("lead@defence-nrw.example", HOSTILE_LINE, "en")])]
    decided = {"k.wallmeier@klingenberg.example", "introductions@aerospace-nrw.example", "lead@defence-nrw.example"}
    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)):
        for env in triggers:
            await stream.publish(env)
        received = await eventually(lambda: mailbox.count_at_least(6), timeout=30, what="six emails")
    assert set(mailbox.rcpt_attempts) == decided
    for r in received:
        msg = r.message
        assert {k.lower() for k in msg.keys()} == EXPECTED_HEADERS, msg.keys()
        assert len(msg.get_all("To")) == 1 and str(msg["To"]) in decided and r.rcpt_tos == [str(msg["To"])]
        head = r.raw.split(b"\r\n\r\n", 1)[0]
        assert b"evil" not in head and b"gewonnen" not in head
        assert "evil.example" in msg.get_body(("plain",)).get_content()  # the text arrived, as body text only
