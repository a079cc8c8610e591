from shared.runner import run

from .app import MIGRATIONS, create_app
from .settings import AssessmentSettings

settings = AssessmentSettings()
run(lambda: create_app(settings), settings, migrations_dir=MIGRATIONS)
