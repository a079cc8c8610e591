"""Load the taxonomy, partner directory and sanctions list from files; the only I/O in this package."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .documents import PartnerDirectory, Taxonomy

_HERE = Path(__file__).parent


class TaxonomyFileError(ValueError):
    """A taxonomy, partner or sanctions file is missing, unparsable or inconsistent. The message names the file."""


def _default(env_var: str, filename: str) -> Path:
    # Operators override the packaged file via the environment; read only here so callers stay pure.
    override = os.environ.get(env_var)
    return Path(override) if override else _HERE / filename


def default_taxonomy_path() -> Path:
    return _default("TAXONOMY_FILE", "taxonomy-v1.yaml")


def default_partners_path() -> Path:
    return _default("PARTNERS_FILE", "partners-v1.yaml")


def default_sanctions_path() -> Path:
    return _default("SANCTIONS_FILE", "sanctions-v1.txt")


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyFileError(f"{path}: cannot read file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise TaxonomyFileError(f"{path}: not valid YAML: {exc}") from exc


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(document)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def _validate(model: type[BaseModel], path: Path, data: Any) -> Any:
    if not isinstance(data, dict):
        raise TaxonomyFileError(f"{path}: expected a mapping at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise TaxonomyFileError(f"{path}: {_describe(exc)}") from exc


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    path = path or default_taxonomy_path()
    return _validate(Taxonomy, path, _read_yaml(path))


def load_partner_directory(path: Path | None = None, *, taxonomy: Taxonomy | None = None) -> PartnerDirectory:
    """Load and check the directory; every partner's fields and areas must exist in `taxonomy` (default: packaged)."""
    path = path or default_partners_path()
    directory: PartnerDirectory = _validate(PartnerDirectory, path, _read_yaml(path))
    try:
        directory.check_against(taxonomy or load_taxonomy())
    except ValueError as exc:
        raise TaxonomyFileError(f"{path}: {exc}") from exc
    return directory


def load_sanctions_list(path: Path | None = None) -> tuple[str, ...]:
    """Names from a one-per-line list; blank lines and '#' comments are skipped."""
    path = path or default_sanctions_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TaxonomyFileError(f"{path}: cannot read file: {exc}") from exc
    return tuple(n for n in (line.split("#", 1)[0].strip() for line in lines) if n)
