from shared.runner import run

from .app import create_app
from .settings import IntakeSettings

settings = IntakeSettings()
run(lambda: create_app(settings), settings)
