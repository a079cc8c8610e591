"""The chaos rig: the real system on one machine, a supervisor that restarts what we kill, and the probes
that decide when the system has settled and what it holds."""
from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
from collections import defaultdict
from pathlib import Path

import asyncpg
import nats

from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig
from shared.messaging.streams import EVENTS_STREAM

from .ledger import Observed


class Supervisor:
    """Restarts any service that died, like `Restart=always`, after a short pause."""

    def __init__(self, stack: Stack, *, pause_s: float = 0.5) -> None:
        self.stack = stack
        self.pause_s = pause_s
        self.restarts = 0
        self.held: set[str] = set()  # services the test is restarting itself
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(0.1):
            for name, proc in list(self.stack.services.items()):
                if name not in self.held and not proc.running():
                    proc.stop()  # reap and close its log
                    time.sleep(self.pause_s)
                    self.stack.start_service(name)
                    self.restarts += 1


def build_stack(root: Path, *, service_env: dict[str, str] | None = None) -> Stack:
    env = {"OUTBOX_POLL_INTERVAL_S": "0.5", "SENDING_STALE_AFTER_S": "20", "INTAKE_RATE_LIMIT": "100000/minute",
           "RETRY_DELAYS_S": "[0.5,1,2,3,5,5,5]",
           "CONSUMER_ACK_WAIT_S": "4"}
    env.update(service_env or {})
    config = StackConfig(root=root, ports={s: free_port() for s in SERVICES}, service_env=env)
    return Stack(config)


async def _fetch(dsn: str, query: str, *args: object) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn, timeout=5)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def settled(stack: Stack) -> tuple[bool, str]:
    """True when every outbox is published, every consumer is drained and no email is pending."""
    for s in SERVICES:
        rows = await _fetch(stack.database_url(s), "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")
        if rows[0]["n"]:
            return False, f"{s} outbox has {rows[0]['n']} unpublished"
    rows = await _fetch(stack.database_url("notification"),
                        "SELECT count(*) AS n FROM outbound_emails WHERE status IN ('pending', 'sending')")
    if rows[0]["n"]:
        return False, f"{rows[0]['n']} emails not yet sent"
    nc = await nats.connect(servers=stack.nats_url.split(","), connect_timeout=3, max_reconnect_attempts=1)
    try:
        js = nc.jetstream()
        for info in await js.consumers_info(EVENTS_STREAM):
            if info.num_pending or info.num_ack_pending:
                return False, f"consumer {info.name}: pending={info.num_pending} ack_pending={info.num_ack_pending}"
    finally:
        await nc.close()
    return True, "settled"


async def wait_settled(stack: Stack, *, timeout: float) -> float:
    """Seconds it took to settle; the SMTP sink must also stay unchanged for a second."""
    start = time.monotonic()
    reason = ""

    async def probe() -> tuple[bool, str]:
        # A cluster that just healed answers 503 "JetStream temporarily unavailable" for a moment: not settled yet.
        try:
            return await settled(stack)
        except (TimeoutError, OSError, asyncpg.PostgresError, nats.errors.Error) as exc:
            return False, f"probe failed: {exc!r}"

    while time.monotonic() - start < timeout:
        ok, reason = await probe()
        if ok:
            before = len(list(stack.mail_dir.glob("*.eml")))
            await asyncio.sleep(1.0)  # quiet period of the sink (a condition, not a guess: re-checked below)
            if len(list(stack.mail_dir.glob("*.eml"))) == before and (await probe())[0]:
                return time.monotonic() - start
        await asyncio.sleep(0.2)
    raise AssertionError(f"system did not settle within {timeout}s: {reason}")


async def observe(stack: Stack) -> Observed:
    keys = await _fetch(stack.database_url("intake"), "SELECT key, enquiry_id FROM idempotency_keys")
    enquiries_by_key: dict[str, list[str]] = defaultdict(list)
    for r in keys:
        enquiries_by_key[r["key"]].append(str(r["enquiry_id"]))
    all_enquiries = await _fetch(stack.database_url("intake"), "SELECT id FROM enquiries")
    keyed = {e for ids in enquiries_by_key.values() for e in ids}
    cases = await _fetch(stack.database_url("advisory"),
                         "SELECT enquiry_id, status, opened_at IS NOT NULL AS opened,"
                         " (SELECT count(*) FROM case_timeline t WHERE t.case_id = c.id AND t.kind = 'case_opened')"
                         " AS opened_events FROM cases c")
    cases_by_enquiry: dict[str, list[dict]] = defaultdict(list)
    for r in cases:
        row = dict(r)
        if row["opened_events"] > 1:
            row["opened"] = False  # opened twice is as wrong as never
        cases_by_enquiry[str(r["enquiry_id"])].append(row)
    msgids: dict[str, list[str]] = defaultdict(list)
    for path in stack.mail_dir.glob("*.eml"):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if "acknowledgement@" in str(msg["Message-ID"]):
            msgids[str(msg["To"]).strip()].append(str(msg["Message-ID"]).strip())
    dead = 0
    for s in SERVICES:
        dead += (await _fetch(stack.database_url(s), "SELECT count(*) AS n FROM dead_letters"))[0]["n"]
    return Observed(enquiries_by_key=dict(enquiries_by_key), cases_by_enquiry=dict(cases_by_enquiry),
                    ack_message_ids_by_recipient=dict(msgids), dead_letters=dead,
                    extra_enquiries=len({str(r["id"]) for r in all_enquiries} - keyed))
