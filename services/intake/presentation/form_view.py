"""What a form template needs to show one field: its value(s), its error, its ids."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


def field_id(name: str) -> str:
    return "f-" + name.replace(".", "-")


@dataclass
class FormView:
    values: Mapping[str, Sequence[str]] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)  # form field name -> message, in page order

    def value(self, name: str) -> str:
        values = self.values.get(name) or [""]
        return values[0]

    def has(self, name: str, value: str) -> bool:
        return value in (self.values.get(name) or [])

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def id(self, name: str) -> str:
        return field_id(name)

    def described_by(self, name: str, *, hint: bool = False) -> str:
        ids = [f"{field_id(name)}-hint"] if hint else []
        if name in self.errors:
            ids.append(f"{field_id(name)}-error")
        return " ".join(ids)
