"""`python -m services.advisory`: serve (no arguments), `migrate`, or an account command (entrypoints/cli.py)."""
import sys

from shared.runner import run

from .app import MIGRATIONS, create_app
from .entrypoints import cli
from .settings import AdvisorySettings

if sys.argv[1:2] and sys.argv[1] in cli.COMMANDS:
    cli.main(sys.argv[1:])
else:
    settings = AdvisorySettings()
    run(lambda: create_app(settings), settings, migrations_dir=MIGRATIONS)
