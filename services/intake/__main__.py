"""`python -m services.intake`: serve (no arguments), `migrate`, or `dead-letters ...` (the operators' commands)."""
import sys

from shared.messaging import dead_letters_cli
from shared.runner import run

from .app import MIGRATIONS, create_app
from .settings import IntakeSettings

settings = IntakeSettings()
if sys.argv[1:2] == [dead_letters_cli.COMMAND]:
    raise SystemExit(dead_letters_cli.main(sys.argv[2:], service="intake", database_url=settings.database_url,
                                           nats_url=settings.nats_url))
run(lambda: create_app(settings), settings, migrations_dir=MIGRATIONS)
