"""`python -m services.notification [command]`.

    (no command)          serve: HTTP, consumers, outbox relay, email dispatcher
    migrate               bring the database to the newest revision
    dead-letters ...      operators: consumer dead letters (list, retry, archive)
    failed-emails ...     operators: failed emails (list, retry)
    preview ...           write every email as .txt/.html/.eml for review
"""
from __future__ import annotations

import sys
from collections.abc import Sequence

from shared.runner import run

from .app import MIGRATIONS, create_app
from .entrypoints import cli, preview
from .settings import NotificationSettings


def main(argv: Sequence[str]) -> int:
    if list(argv) in ([], ["migrate"]):
        settings = NotificationSettings()
        run(lambda: create_app(settings), settings, migrations_dir=MIGRATIONS)
        return 0
    if argv[0] == "preview":
        return preview.main(argv[1:])
    if argv[0] in cli.COMMANDS:
        return cli.main(argv)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
