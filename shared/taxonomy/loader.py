"""Load the taxonomy, partner directory and sanctions list from files; the only I/O in this package."""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .documents import PartnerDirectory, Taxonomy
from .explanations import Explanations
from .funding import FundingCalls
from .model import FieldError

_HERE = Path(__file__).parent


class TaxonomyFileError(ValueError):
    """A taxonomy, partner or sanctions file is missing, unparsable or inconsistent. The message names the file."""


def _default(env_var: str, filename: str) -> Path:
    # Operators override the packaged file via the environment; read only here so callers stay pure.
    override = os.environ.get(env_var)
    return Path(override) if override else _HERE / filename


# One taxonomy file per questionnaire (ADR 13); an enquiry is scored with the one of the questions it answered.
PACKAGED_TAXONOMIES = {1: "taxonomy-v1.yaml", 2: "taxonomy-v2.yaml"}
CURRENT_QUESTIONNAIRE = 2


def packaged_taxonomy_path(questionnaire: int) -> Path:
    return _HERE / PACKAGED_TAXONOMIES[questionnaire]


def default_taxonomy_path() -> Path:
    """The current taxonomy (labels everywhere, the rules for new enquiries); TAXONOMY_FILE replaces it."""
    return _default("TAXONOMY_FILE", PACKAGED_TAXONOMIES[CURRENT_QUESTIONNAIRE])


def default_partners_path() -> Path:
    return _default("PARTNERS_FILE", "partners-v1.yaml")


def default_sanctions_path() -> Path:
    return _default("SANCTIONS_FILE", "sanctions-v1.txt")


def default_funding_calls_path() -> Path:
    return _default("FUNDING_CALLS_FILE", "funding-calls-v1.yaml")


@dataclass(frozen=True)
class _YamlFile:
    path: Path
    data: Any
    root: yaml.Node | None  # the node tree, kept for line numbers of errors

    def line_of(self, loc: Sequence[str | int]) -> int:
        """1-based line of `loc`: a mapping key's own line, a list item's line; a missing key reports its parent's."""
        node, line = self.root, 1
        for key in loc:
            found = _child(node, key) if node is not None else None
            if found is None:
                break
            line, node = found
        return line

    def error(self, loc: Sequence[str | int], message: str) -> TaxonomyFileError:
        field = ".".join(str(k) for k in loc) or "(document)"
        return TaxonomyFileError(f"{self.path}:{self.line_of(loc)}: {field}: {message}")


def _child(node: yaml.Node, key: str | int) -> tuple[int, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        return next(((k.start_mark.line + 1, v) for k, v in node.value if k.value == str(key)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item = node.value[key]
        return item.start_mark.line + 1, item
    return None


# libyaml's parser when PyYAML was built with it (the wheels are): the same safe loading, several times faster, and
# every service and many tests load these files at start.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> _YamlFile:
    try:
        text = path.read_text(encoding="utf-8")
        return _YamlFile(path, yaml.load(text, Loader=_Loader), yaml.compose(text, Loader=_Loader))
    except OSError as exc:
        raise TaxonomyFileError(f"{path}: cannot read file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise TaxonomyFileError(f"{path}: not valid YAML: {exc}") from exc


def _error_loc(err: Any) -> tuple[str | int, ...]:
    # A FieldError raised inside a model's validator names a path below that model's own location.
    inner = err.get("ctx", {}).get("error")
    return (*err["loc"], *inner.loc) if isinstance(inner, FieldError) else tuple(err["loc"])


def _validate(model: type[BaseModel], file: _YamlFile) -> Any:
    if not isinstance(file.data, dict):
        raise TaxonomyFileError(f"{file.path}:1: (document): expected a mapping at the top level")
    try:
        return model.model_validate(file.data)
    except ValidationError as exc:
        errors = [file.error(_error_loc(e), e["msg"].removeprefix("Value error, ")) for e in exc.errors()]
        raise TaxonomyFileError("; ".join(str(e) for e in errors)) from exc


def _check(file: _YamlFile, check: Callable[[], None]) -> None:
    try:
        check()
    except FieldError as exc:
        raise file.error(exc.loc, str(exc)) from exc
    except ValueError as exc:
        raise TaxonomyFileError(f"{file.path}: {exc}") from exc


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    return _validate(Taxonomy, _read_yaml(path or default_taxonomy_path()))


def load_taxonomies(current: Taxonomy | None = None) -> dict[int, Taxonomy]:
    """Every taxonomy an enquiry may be scored with, by questionnaire: the packaged files, with the current one
    (`current`, else TAXONOMY_FILE or the packaged current file) in place of the file of its questionnaire."""
    found = {q: load_taxonomy(packaged_taxonomy_path(q)) for q in PACKAGED_TAXONOMIES}
    current = current or load_taxonomy()
    return found | {current.questionnaire: current}


def load_partner_directory(path: Path | None = None, *, taxonomy: Taxonomy | None = None) -> PartnerDirectory:
    """Load and check the directory; every partner's fields and areas must exist in `taxonomy` (default: packaged)."""
    file = _read_yaml(path or default_partners_path())
    directory: PartnerDirectory = _validate(PartnerDirectory, file)
    _check(file, lambda: directory.check_against(taxonomy or load_taxonomy()))
    return directory


def load_funding_calls(path: Path | None = None, *, taxonomy: Taxonomy | None = None) -> FundingCalls:
    """Load and check the calls; every topic must be a capability area of `taxonomy` (default: packaged)."""
    file = _read_yaml(path or default_funding_calls_path())
    calls: FundingCalls = _validate(FundingCalls, file)
    _check(file, lambda: calls.check_against((taxonomy or load_taxonomy()).area_ids))
    return calls


def default_explanations_path() -> Path:
    return _default("EXPLANATIONS_FILE", "explanations-v1.yaml")


def load_explanations(path: Path | None = None) -> Explanations:
    """The de/en sentences for the assessment's rule ids (shared/taxonomy/explanations.py)."""
    return _validate(Explanations, _read_yaml(path or default_explanations_path()))


def load_sanctions_list(path: Path | None = None) -> tuple[str, ...]:
    """Names from a one-per-line list; blank lines and '#' comments are skipped."""
    path = path or default_sanctions_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TaxonomyFileError(f"{path}: cannot read file: {exc}") from exc
    return tuple(n for n in (line.split("#", 1)[0].strip() for line in lines) if n)
