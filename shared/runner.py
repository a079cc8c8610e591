"""`python -m services.<name>`: run one service under uvicorn."""
from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from .settings import ServiceSettings


def run(create_app: Callable[[], FastAPI], settings: ServiceSettings) -> None:
    uvicorn.run(
        create_app(), host=settings.host, port=settings.port, log_config=None,
        # Keep in-flight handlers inside the orchestrator's grace period.
        timeout_graceful_shutdown=10, proxy_headers=False, server_header=False,
    )
