"""Browser tests: intake as a real process against the session's real servers, driven by headless Chromium."""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.proc import free_port
from devstack.stack import SERVICES, Stack, StackConfig
from shared.db import ensure_database
from tests.support.infra import Servers

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def intake_url(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    dsn = servers.dsn(f"browser_intake_{uuid.uuid4().hex[:6]}")
    asyncio.run(ensure_database(dsn))
    config = StackConfig(root=tmp_path_factory.mktemp("intake-browser"), ports={s: free_port() for s in SERVICES},
                         nats_url=servers.nats_url, database_urls={"intake": dsn}, smtp=("127.0.0.1", 9))
    stack = Stack(config)
    stack.start_service("intake")
    try:
        stack.wait_ready("intake")
        yield stack.url("intake")
    finally:
        stack.stop()


@pytest.fixture
def page(intake_url: str):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(base_url=intake_url, locale="de-DE")
        finally:
            browser.close()
