"""Operators' command line for notification: consumer dead letters and failed emails.

    python -m services.notification dead-letters list [--all] [--consumer DURABLE]
    python -m services.notification dead-letters show|retry|archive ID   (shared/messaging/dead_letters_cli.py)
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

from shared.messaging import dead_letters_cli
from shared.messaging.dead_letters_cli import one_line

from ..adapters import emails
from ..adapters.delivery_log import PgFailedEmails
from ..settings import NotificationSettings
from ..use_cases.retry_failed_email import retry_failed_email

COMMANDS = ("dead-letters", "failed-emails")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.notification", description=__doc__.splitlines()[0])
    kinds = parser.add_subparsers(dest="kind", required=True)
    letters = kinds.add_parser("dead-letters", help="messages a consumer could not process")
    dead_letters_cli.add_commands(letters)
    failed = kinds.add_parser("failed-emails", help="emails given up after a permanent or repeated failure")
    failed_cmd = failed.add_subparsers(dest="command", required=True)
    failed_cmd.add_parser("list", help="failed emails (oldest first)")
    failed_cmd.add_parser("retry", help="queue again with attempts reset").add_argument("id", type=int)
    return parser


async def _failed_emails(conn: asyncpg.Connection, args: argparse.Namespace) -> int:
    if args.command == "list":
        for r in await emails.failed_emails(conn, limit=1000):
            print(f"{r['id']}\t{r['created_at']:%Y-%m-%d %H:%M:%S}\t{r['correlation_id']}\t{r['template']}"
                  f"\t{r['recipient_role']}\t{r['attempts']}x\t{one_line(r['last_error'] or '')}")
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
            return await dead_letters_cli.run_command(conn, args, nats_url=settings.nats_url)
        return await _failed_emails(conn, args)
    finally:
        await conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(run(argv))

