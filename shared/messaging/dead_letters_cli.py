"""The operators' dead-letter commands, the same in every service:

    python -m services.<name> dead-letters list [--all] [--consumer DURABLE]
    python -m services.<name> dead-letters show ID
    python -m services.<name> dead-letters retry ID
    python -m services.<name> dead-letters archive ID

They read the service's own environment (<NAME>_DATABASE_URL, NATS_URL). Exit code 1: not found or already closed.
"""
from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Sequence

import asyncpg

from . import dead_letters as dl

COMMAND = "dead-letters"


def one_line(text: str, limit: int = 120) -> str:
    """Errors may echo message content: no line breaks, tabs or terminal control characters on the console."""
    return "".join(c if c.isprintable() else " " for c in text)[:limit]


def add_commands(parser: argparse.ArgumentParser) -> None:
    """The list/show/retry/archive subcommands under `parser` (the `dead-letters` command of a service's CLI)."""
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="open dead letters (oldest first)")
    listing.add_argument("--all", action="store_true", help="include retried and archived ones")
    listing.add_argument("--consumer", default=None, help="only this durable consumer's")
    for name, text in (("show", "one dead letter with its body and headers"),
                       ("retry", "republish to the consumer that failed, and process again"),
                       ("archive", "close without processing")):
        commands.add_parser(name, help=text).add_argument("id", type=int)


async def run_command(conn: asyncpg.Connection, args: argparse.Namespace, *, nats_url: str) -> int:
    if args.command == "list":
        for d in await dl.list_dead_letters(conn, include_closed=args.all, consumer=args.consumer, limit=1000):
            state = "archived" if d.archived_at else "retried" if d.retried_at else "open"
            print(f"{d.id}\t{state}\t{d.created_at:%Y-%m-%d %H:%M:%S}\t{d.consumer}\t{d.subject}\t{d.event_id}"
                  f"\t{d.deliveries}x\t{d.error_class}: {one_line(d.error)}")
        return 0
    if args.command == "show":
        found = await dl.get_dead_letter(conn, args.id)
        if found is None:
            print(f"dead letter {args.id}: not_found")
            return 1
        print(json.dumps(found.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return 0
    if args.command == "retry":
        async with dl.jetstream_publisher(nats_url) as publish:
            outcome = await dl.retry_dead_letter(conn, args.id, publish=publish)
    else:
        outcome = await dl.archive_dead_letter(conn, args.id)
    print(f"dead letter {args.id}: {outcome.value}")
    return 0 if outcome is dl.Outcome.DONE else 1


def main(argv: Sequence[str], *, service: str, database_url: str, nats_url: str) -> int:
    """`argv` after `dead-letters`."""
    parser = argparse.ArgumentParser(prog=f"python -m services.{service} {COMMAND}",
                                     description="consumer dead letters: messages a consumer could not process")
    add_commands(parser)
    args = parser.parse_args(argv)

    async def go() -> int:
        conn = await asyncpg.connect(database_url)
        try:
            return await run_command(conn, args, nats_url=nats_url)
        finally:
            await conn.close()

    return asyncio.run(go())
