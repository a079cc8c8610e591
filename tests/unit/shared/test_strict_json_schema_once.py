"""The strict-JSON check builds a route's JSON schema once, not per request: per request it was about half of
intake's CPU per submission (py-spy under `make bench`, docs/performance.md)."""
from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, TypeAdapter

from shared.strict_json import strict_errors


class Consent(BaseModel):
    processing: bool
    count: int


class CountingAdapter(TypeAdapter[Any]):
    calls = 0

    def json_schema(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        CountingAdapter.calls += 1
        return super().json_schema(*args, **kwargs)


def test_the_schema_is_built_once_per_adapter_and_still_checks_every_body() -> None:
    adapter = CountingAdapter(Consent)
    for _ in range(5):
        assert strict_errors(json.dumps({"processing": True, "count": 1}).encode(), adapter) == []
    wrong = strict_errors(json.dumps({"processing": "true", "count": 1}).encode(), adapter)
    assert [e.field for e in wrong] == ["processing"]
    repeated = strict_errors(b'{"processing": false, "processing": true, "count": 1}', adapter)
    assert [(e.field, e.type) for e in repeated] == [("processing", "duplicate_key")]
    assert strict_errors(b"{not json", adapter) == []  # left to FastAPI's own 422
    assert CountingAdapter.calls == 1
