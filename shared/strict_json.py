"""Strict JSON bodies for routes that take legal facts (consent, declarations, overrides).

FastAPI parses a body with `json.loads` (a repeated key: the last wins, so `"processing": false, "processing":
true` is consent) and validates it in pydantic's lax mode (`"true"`, `"yes"` and `1` are booleans, `"12"` a
number). A router with the `strict_json_body` dependency refuses a body with a repeated key (422 naming it) and
checks it against the route's JSON schema: where the schema says boolean or number, the body must have a JSON
boolean or number. Everything else is pydantic's usual validation."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter

from .problems import FieldError


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


_MALFORMED = object()


def _parse(raw: bytes) -> Any:
    """The body parsed once: a `DuplicateKey` for a repeated key, `_MALFORMED` for what is not JSON."""
    try:
        return json.loads(raw, object_pairs_hook=_no_duplicates)
    except DuplicateKey as exc:
        return exc
    except ValueError:
        return _MALFORMED


def duplicate_key(raw: bytes) -> str | None:
    """The first key repeated within one JSON object, or None (also None for JSON the route will refuse anyway)."""
    parsed = _parse(raw)
    return parsed.key if isinstance(parsed, DuplicateKey) else None


_KINDS: dict[str, Callable[[Any], bool]] = {
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}
_MESSAGES = {"boolean": ("bool_type", "must be a JSON boolean (true or false)"),
             "integer": ("int_type", "must be a JSON number"), "number": ("float_type", "must be a JSON number")}


def wrong_types(value: Any, schema: dict[str, Any], defs: dict[str, Any], path: str = "") -> list[FieldError]:
    """Where `value` has a boolean or number in another JSON type than the schema says (lax pydantic would take
    it); every other mistake is left to pydantic's own validation."""
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        resolved = [defs[b["$ref"].rsplit("/", 1)[-1]] if "$ref" in b else b for b in branches]
        fitting = [b for b in resolved if _KINDS.get(b.get("type", ""), lambda v: False)(value)]
        if fitting:
            return wrong_types(value, fitting[0], defs, path)
        typed = [b.get("type") for b in resolved if b.get("type") != "null"]
        if value is not None and typed and all(t in _MESSAGES for t in typed):
            return [_error(path, str(typed[0]))]
        return []
    kind = schema.get("type")
    if kind in _MESSAGES and not _KINDS[kind](value):
        return [_error(path, kind)]
    out: list[FieldError] = []
    if kind == "object" and isinstance(value, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            sub = props.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None:
                out += wrong_types(item, sub, defs, f"{path}.{key}" if path else key)
    elif kind == "array" and isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            out += wrong_types(item, schema["items"], defs, f"{path}.{i}" if path else str(i))
    return out


def _error(path: str, kind: str) -> FieldError:
    code, text = _MESSAGES[kind]
    return FieldError(field=path or "(body)", message=text, type=code)


def strict_errors(raw: bytes, adapter: TypeAdapter[Any] | None) -> list[FieldError]:
    """What makes a body not strictly what the route takes: a repeated key, or a boolean/number sent as another
    JSON type. Empty if nothing (malformed JSON is left to FastAPI's own 422)."""
    body = _parse(raw)  # once: a second json.loads cost as much as the check itself
    if isinstance(body, DuplicateKey):
        return [FieldError(field=body.key, message=f"duplicate key '{body.key}'", type="duplicate_key")]
    if adapter is None or body is _MALFORMED:
        return []
    schema = _schema(adapter)
    return wrong_types(body, schema, schema.get("$defs", {}))


# Generating a route's JSON schema took about half of intake's CPU per submission when it was done per request
# (py-spy under `make bench`, docs/performance.md): once per adapter is enough, the schema never changes.
_schemas: dict[int, tuple[TypeAdapter[Any], dict[str, Any]]] = {}


def _schema(adapter: TypeAdapter[Any]) -> dict[str, Any]:
    cached = _schemas.get(id(adapter))
    if cached is None or cached[0] is not adapter:  # the adapter is kept, so its id cannot be reused meanwhile
        cached = _schemas[id(adapter)] = (adapter, adapter.json_schema())
    return cached[1]


_adapters: dict[int, TypeAdapter[Any] | None] = {}


def _adapter(route: Any) -> TypeAdapter[Any] | None:
    key = id(route)
    if key not in _adapters:
        annotation = getattr(getattr(getattr(route, "body_field", None), "field_info", None), "annotation", None)
        _adapters[key] = TypeAdapter(annotation) if annotation is not None else None
    return _adapters[key]


async def strict_json_body(request: Request) -> None:
    """FastAPI dependency (list it after the access guard): 422 naming the key or field, before the body's usual
    lax validation could accept it."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method not in ("POST", "PUT", "PATCH") or not content_type.endswith("json"):
        return
    raw = await request.body()  # Starlette keeps the bytes; FastAPI has read them already
    if raw.strip() and (errors := strict_errors(raw, _adapter(request.scope.get("route")))):
        raise RequestValidationError([{"loc": ("body", *e.field.split(".")), "msg": e.message, "type": e.type}
                                      for e in errors])
