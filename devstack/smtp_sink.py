"""A local SMTP server that keeps every message as an .eml file, for development and tests.

    python -m devstack.smtp_sink --port 1025 --dir var/mail

Each accepted message is written atomically as <dir>/<n>-<message-id>.eml, and its path is printed.
"""
from __future__ import annotations

import argparse
import asyncio
import re
import signal
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

# The Message-ID header, with folded continuation lines; only the header section is searched. Parsing the whole
# message with the email package for this one value cost the sink more CPU than the SMTP dialogue (make bench).
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*((?:[^\r\n]*)(?:\r?\n[ \t][^\r\n]*)*)", re.IGNORECASE | re.MULTILINE)


def _message_id(raw: bytes) -> str | None:
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    found = _MESSAGE_ID.search(head)
    return b" ".join(found.group(1).split()).decode("ascii", "replace") if found else None


class MailDirHandler:
    def __init__(self, directory: Path, *, reject_pattern: str | None = None, delay_s: float = 0.0) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = len(list(directory.glob("*.eml")))
        # Tests make the sink refuse recipients matching this pattern with a permanent 550.
        self.reject = re.compile(reject_pattern) if reject_pattern else None
        # Tests simulate a slow mail server with a delay before each accepted message.
        self.delay_s = delay_s

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if self.reject and self.reject.search(address):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        msgid = re.sub(r"[^A-Za-z0-9.@_-]", "_", _message_id(raw) or "no-id")[:120]
        self.count += 1
        final = self.directory / f"{self.count:06d}-{msgid}.eml"
        tmp = final.with_suffix(".tmp")
        envelope_header = f"X-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        tmp.write_bytes(envelope_header + raw)
        tmp.rename(final)
        print(f"mail stored: {final}", flush=True)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", type=Path, default=Path("var/mail"))
    parser.add_argument("--reject", default=None, help="regex of recipients to refuse with 550")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before accepting each message")
    args = parser.parse_args()
    handler = MailDirHandler(args.dir, reject_pattern=args.reject, delay_s=args.delay)
    controller = Controller(handler, hostname=args.host, port=args.port)
    controller.start()
    print(f"SMTP sink on {args.host}:{args.port}, storing messages in {args.dir.resolve()}", flush=True)

    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
