"""Operators' command line for notification: consumer dead letters and failed emails.

    python -m services.notification dead-letters list [--all]
    python -m services.notification dead-letters retry ID
    python -m services.notification dead-letters archive ID
    python -m services.notification failed-emails list
    python -m services.notification failed-emails retry ID

Reads the same environment as the service (NOTIFICATION_DATABASE_URL, NATS_URL). Exit code 1: not found or
already closed.
"""
from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

import asyncpg

from shared.messaging import dead_letters as dl

from ..adapters import emails
from ..adapters.delivery_log import PgFailedEmails
from ..settings import NotificationSettings
from ..use_cases.retry_failed_email import retry_failed_email

COMMANDS = ("dead-letters", "failed-emails")


def _one_line(text: str, limit: int = 120) -> str:
    """Errors may echo message content: no line breaks, tabs or terminal control characters on the console."""
    return "".join(c if c.isprintable() else " " for c in text)[:limit]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.notification", description=__doc__.splitlines()[0])
    kinds = parser.add_subparsers(dest="kind", required=True)
    letters = kinds.add_parser("dead-letters", help="messages a consumer could not process")
    letters_cmd = letters.add_subparsers(dest="command", required=True)
    listing = letters_cmd.add_parser("list", help="open dead letters (oldest first)")
    listing.add_argument("--all", action="store_true", help="include retried and archived ones")
    for name, text in (("retry", "republish and process again"), ("archive", "close without processing")):
        letters_cmd.add_parser(name, help=text).add_argument("id", type=int)
    failed = kinds.add_parser("failed-emails", help="emails given up after a permanent or repeated failure")
    failed_cmd = failed.add_subparsers(dest="command", required=True)
    failed_cmd.add_parser("list", help="failed emails (oldest first)")
    failed_cmd.add_parser("retry", help="queue again with attempts reset").add_argument("id", type=int)
    return parser


async def _dead_letters(conn: asyncpg.Connection, args: argparse.Namespace, settings: NotificationSettings) -> int:
    if args.command == "list":
        for d in await dl.list_dead_letters(conn, include_closed=args.all, limit=1000):
            state = "archived" if d.archived_at else "retried" if d.retried_at else "open"
            print(f"{d.id}\t{state}\t{d.created_at:%Y-%m-%d %H:%M:%S}\t{d.consumer}\t{d.subject}\t{d.event_id}"
                  f"\t{d.deliveries}x\t{d.error_class}: {_one_line(d.error)}")
        return 0
    if args.command == "retry":
        async with dl.jetstream_publisher(settings.nats_url) as publish:
            outcome = await dl.retry_dead_letter(conn, args.id, publish=publish)
    else:
        outcome = await dl.archive_dead_letter(conn, args.id)
    print(f"dead letter {args.id}: {outcome.value}")
    return 0 if outcome is dl.Outcome.DONE else 1


async def _failed_emails(conn: asyncpg.Connection, args: argparse.Namespace) -> int:
    if args.command == "list":
        for r in await emails.failed_emails(conn, limit=1000):
            print(f"{r['id']}\t{r['created_at']:%Y-%m-%d %H:%M:%S}\t{r['correlation_id']}\t{r['template']}"
                  f"\t{r['recipient_role']}\t{r['attempts']}x\t{_one_line(r['last_error'] or '')}")
        return 0
    done = await retry_failed_email(PgFailedEmails(conn), args.id)
    print(f"failed email {args.id}: {'pending' if done else 'not_found'}")
    return 0 if done else 1


async def run(argv: Sequence[str] | None = None, settings: NotificationSettings | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = settings or NotificationSettings()
    conn = await asyncpg.connect(settings.database_url)
    try:
        if args.kind == "dead-letters":
            return await _dead_letters(conn, args, settings)
        return await _failed_emails(conn, args)
    finally:
        await conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(run(argv))

