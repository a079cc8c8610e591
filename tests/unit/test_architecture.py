"""The documented service shape (docs/development.md), checked on the source tree.

A failure here names the file and the rule it breaks; the fix is to move the code where the shape says, not to
widen these sets.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "assessment", "advisory", "notification")

# What may stand at the root of services/<name>/ (docs/development.md, "The shape of a service").
SERVICE_ROOT = {
    "__init__.py", "__main__.py", "README.md", "app.py", "settings.py", "dependencies.py", "metrics.py",
    "domain", "use_cases", "adapters", "entrypoints", "presentation", "migrations",
}
# Calls that send SQL to the database: only adapters/ may make them (migrations are Alembic's own).
SQL_CALLS = {"execute", "executemany", "fetch", "fetchrow", "fetchval", "copy_records_to_table",
             "copy_to_table", "copy_from_table", "copy_from_query"}
# Libraries the pure domain must not touch.
NOT_IN_DOMAIN = ("asyncpg", "faststream", "fastapi", "starlette", "nats", "aiosmtplib", "httpx", "shared.messaging",
                 "shared.service", "shared.db")


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[str]:
    """Absolute module names imported by `path` (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                names.append(".".join([*base, node.module] if node.module else base))
            elif node.module:
                names.append(node.module)
    return names


def _sql_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS]


def _layer(path: Path, service: str) -> str:
    return path.relative_to(ROOT / "services" / service).parts[0]


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_root_holds_only_the_documented_entries(service: str) -> None:
    entries = {p.name for p in (ROOT / "services" / service).iterdir() if p.name != "__pycache__"}
    assert entries - SERVICE_ROOT == set(), f"services/{service}/ has entries outside the documented shape"
    for required in ("app.py", "settings.py", "dependencies.py", "README.md", "domain", "use_cases", "adapters",
                     "entrypoints"):
        assert required in entries, f"services/{service}/ lacks {required}"


@pytest.mark.parametrize("service", SERVICES)
def test_sql_is_sent_only_from_adapters(service: str) -> None:
    offenders = [f"{p.relative_to(ROOT)}:{line}"
                 for p in _python_files(ROOT / "services" / service)
                 if _layer(p, service) not in ("adapters", "migrations")
                 for line in _sql_calls(p)]
    assert offenders == [], "SQL outside adapters/ (move it into a named adapter function)"


@pytest.mark.parametrize("service", SERVICES)
def test_services_do_not_import_each_other(service: str) -> None:
    others = tuple(f"services.{s}" for s in SERVICES if s != service)
    offenders = [f"{p.relative_to(ROOT)} imports {name}"
                 for p in _python_files(ROOT / "services" / service)
                 for name in _imports(p) if name.startswith(others)]
    assert offenders == [], "a service imports another; what it needs must arrive in events or shared/contracts"


def test_shared_imports_no_service_and_no_dev_tooling() -> None:
    offenders = [f"{p.relative_to(ROOT)} imports {name}"
                 for p in _python_files(ROOT / "shared")
                 for name in _imports(p) if name.startswith(("services", "devstack", "tests", "bench"))]
    assert offenders == []


def test_services_do_not_import_dev_tooling() -> None:
    offenders = [f"{p.relative_to(ROOT)} imports {name}"
                 for p in _python_files(ROOT / "services")
                 for name in _imports(p) if name.startswith(("devstack", "tests", "bench"))]
    assert offenders == [], "dev tooling is not in the service image"


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_is_free_of_io(service: str) -> None:
    offenders = [f"{p.relative_to(ROOT)} imports {name}"
                 for p in _python_files(ROOT / "services" / service / "domain")
                 for name in _imports(p)
                 if name.startswith(NOT_IN_DOMAIN) or name.startswith(f"services.{service}.")
                 and not name.startswith(f"services.{service}.domain")]
    assert offenders == [], "domain/ is pure: no database, broker, web framework or other layer"


@pytest.mark.parametrize("service", SERVICES)
def test_use_cases_reach_the_outside_only_through_ports(service: str) -> None:
    offenders = [f"{p.relative_to(ROOT)} imports {name}"
                 for p in _python_files(ROOT / "services" / service / "use_cases")
                 for name in _imports(p)
                 if name.startswith(("asyncpg", "fastapi", "starlette", "faststream", "aiosmtplib",
                                     f"services.{service}.adapters", f"services.{service}.entrypoints"))]
    assert offenders == [], "use cases depend on ports (use_cases/ports.py), not on adapters or frameworks"


def test_the_rules_catch_what_they_claim(tmp_path: Path) -> None:
    """The checks above would fail on a query in a route and on an import across services."""
    route = tmp_path / "route.py"
    route.write_text("async def page(conn):\n    return await conn.fetch('SELECT 1')\n")
    assert _sql_calls(route) == [2]
    importer = ROOT / "services" / "intake" / "entrypoints" / "_probe_cross_import.py"
    importer.write_text("from services.advisory.domain import case\nfrom ..adapters import store\n")
    try:
        names = _imports(importer)
    finally:
        importer.unlink()
    assert "services.advisory.domain" in names and "services.intake.adapters" in names
