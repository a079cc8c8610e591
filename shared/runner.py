"""`python -m services.<name>`: run one service under uvicorn; `... migrate` only migrates its database."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from .db import migrate
from .settings import ServiceSettings


def run(create_app: Callable[[], FastAPI], settings: ServiceSettings, *, migrations_dir: Path) -> None:
    if sys.argv[1:] == ["migrate"]:
        migrate(settings.database_url, migrations_dir)
        print(f"{settings.service_name}: database is at the newest revision")
        return
    uvicorn.run(
        create_app(), host=settings.host, port=settings.port, log_config=None,
        # Keep in-flight handlers inside the orchestrator's grace period.
        timeout_graceful_shutdown=10, proxy_headers=False, server_header=False,
    )
