"""`python -m services.advisory`: serve (no arguments), `migrate`, an account command (entrypoints/cli.py), or
`dead-letters ...` (the operators' commands, shared/messaging/dead_letters_cli.py)."""
import sys

from shared.messaging import dead_letters_cli
from shared.runner import run

from .app import MIGRATIONS, create_app
from .entrypoints import cli
from .settings import AdvisorySettings

if sys.argv[1:2] and sys.argv[1] in cli.COMMANDS:
    cli.main(sys.argv[1:])
elif sys.argv[1:2] == [dead_letters_cli.COMMAND]:
    settings = AdvisorySettings()
    raise SystemExit(dead_letters_cli.main(sys.argv[2:], service="advisory", database_url=settings.database_url,
                                           nats_url=settings.nats_url))
else:
    settings = AdvisorySettings()
    run(lambda: create_app(settings), settings, migrations_dir=MIGRATIONS)
