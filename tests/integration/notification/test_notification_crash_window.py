"""The one window SMTP leaves open: the server accepted the message, the process dies before recording it.

The service runs as a separate process with the failpoint `notification.after_smtp_before_commit=kill@2`: the
first email goes through normally, the process SIGKILLs itself right after the SMTP server accepted the second.
After a restart exactly that second email is delivered again, with the same Message-ID, and nothing else is.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from typing import Any

import asyncpg

from devstack.proc import free_port
from shared.contracts import subjects
from tests.support.waiting import eventually

from . import events
from .conftest import OPERATOR_TOKEN
from .rig import Mailbox, running, settings_for


def service_process(*, dsn: str, nats_url: str, smtp_port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "ENV": "test", "NOTIFICATION_DATABASE_URL": dsn, "NATS_URL": nats_url, "NOTIFICATION_PORT": str(free_port()),
        "SMTP_PORT": str(smtp_port), "FAILPOINTS": "notification.after_smtp_before_commit=kill@2",
        "RETRY_DELAYS_S": "[0.2, 0.3, 0.5]", "DISPATCH_POLL_S": "0.1", "OUTBOX_POLL_INTERVAL_S": "0.1",
        "OPERATOR_TOKEN": OPERATOR_TOKEN, "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "services.notification"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


async def email_row(dsn: str, recipient: str) -> dict[str, Any] | None:
    try:
        conn = await asyncpg.connect(dsn)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        row = await conn.fetchrow("SELECT message_id, status, attempts FROM outbound_emails WHERE recipient = $1",
                                  recipient)
        return dict(row) if row else None
    except asyncpg.UndefinedTableError:  # the service has not migrated yet
        return None
    finally:
        await conn.close()


async def test_crash_after_smtp_accept_resends_only_that_email_with_the_same_message_id(
        fresh_db, nats_url, smtp_port, mailbox: Mailbox, stream) -> None:
    first, second = events.submitted(email="first@example.org"), events.submitted(email="second@example.org")
    proc = service_process(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port)
    try:
        await stream.publish(first)

        async def first_sent() -> bool:
            row = await email_row(fresh_db, "first@example.org")
            return bool(row and row["status"] == "sent")
        await eventually(first_sent, timeout=60, what="first email sent by the service process")
        await stream.publish(second)
        returncode = await asyncio.to_thread(proc.wait, 60)
        assert returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    in_doubt = await email_row(fresh_db, "second@example.org")
    assert in_doubt is not None and in_doubt["status"] == "sending"  # accepted by SMTP, never recorded
    assert [r.rcpt_tos for r in mailbox.received] == [["first@example.org"], ["second@example.org"]]

    async with running(settings_for(dsn=fresh_db, nats_url=nats_url, smtp_port=smtp_port,
                                    sending_stale_after_s=1.0)) as service:
        await eventually(lambda: _status_is(service, "second@example.org", "sent"), what="resent after restart")
        await stream.publish(events.submitted(email="marker@example.org"))
        await eventually(lambda: _status_is(service, "marker@example.org", "sent"), what="marker")

        async def sent_events() -> list[dict[str, Any]]:
            payloads = await stream.payloads(subjects.MESSAGE_SENT)
            return payloads if len(payloads) == 3 else []
        sent = await eventually(sent_events, what="one sent event per email")

    delivered = [(r.rcpt_tos[0], r.message_id) for r in mailbox.received]
    assert delivered[:2] == [("first@example.org", delivered[0][1]), ("second@example.org", in_doubt["message_id"])]
    assert delivered[2:] == [("second@example.org", in_doubt["message_id"]), ("marker@example.org", delivered[3][1])]
    assert sorted(s["message_id"] for s in sent) == sorted({m for _, m in delivered})


async def _status_is(service, recipient: str, status: str) -> bool:
    rows = await service.emails(recipient=recipient)
    return bool(rows and rows[0]["status"] == status)
