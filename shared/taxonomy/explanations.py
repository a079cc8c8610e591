"""Explanations rendered from a rule id and its facts in the reader's language (issues 15 and 16).

The assessment records *which* rule decided a result and the facts it used (`rule`, `facts` on `AreaFit`,
`CriterionScore`, `GateFinding`, `MatchTerm`); pages turn them into a sentence at display time with the templates of
`explanations-v1.yaml`. Nothing here does I/O: the loader reads the file, `app.py` of a service keeps the object.

Template syntax is `str.format` with named facts: `{status}`. A fact's value is shown as
- a label when the file's `labels` has one for the value (enum values, area and field ids ...),
- "ja"/"nein" ("yes"/"no") for a boolean, a number in the reader's locale (`51,7` / `51.7`),
- a list as its items (each labelled) joined with commas (semicolons when an item holds a comma), "keine"/"none"
  when empty.
"""
from __future__ import annotations

import string
from collections.abc import Mapping

from babel.numbers import format_decimal
from pydantic import BaseModel, ConfigDict, Field

from .model import Text

FactValue = str | int | float | bool | list[str] | None

_WORDS = {"de": {True: "ja", False: "nein", "none": "keine", "unknown": "nicht angegeben"},
          "en": {True: "yes", False: "no", "none": "none", "unknown": "not stated"}}


class Explanations(BaseModel):
    """The de/en sentence for every rule id, and labels for fact values."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    version: str
    templates: dict[str, Text] = Field(description="rule id -> sentence with {fact} placeholders")
    labels: dict[str, Text] = Field(default_factory=dict, description="fact value -> its name in both languages")

    def has(self, rule: str | None) -> bool:
        return rule is not None and rule in self.templates

    def value(self, value: FactValue, lang: str) -> str:
        words = _WORDS["en" if lang == "en" else "de"]
        if isinstance(value, bool):
            return words[value]
        if value is None:
            return words["unknown"]
        if isinstance(value, int | float):
            return format_decimal(value, format="#,##0.###", locale="en" if lang == "en" else "de")
        if isinstance(value, list):
            items = [self.value(v, lang) for v in value]
            # Field names hold commas ("Umformen, Gießen/Schmieden, ..."): then a semicolon tells the items apart.
            return ("; " if any("," in i for i in items) else ", ").join(items) if items else words["none"]
        label = self.labels.get(value)
        return label.in_(lang) if label else value

    def render(self, rule: str | None, facts: Mapping[str, FactValue], lang: str) -> str | None:
        """The sentence, or None when the rule has no template (the caller then shows nothing, never English)."""
        if not self.has(rule):
            return None
        template = self.templates[rule].in_(lang)  # type: ignore[index]  # has() checked rule is a key
        shown = {name: self.value(v, lang) for name, v in facts.items()}
        return template.format_map(_Missing(shown))

    def placeholders(self, rule: str) -> set[str]:
        """The fact names a rule's templates use (both languages), for the completeness test."""
        names: set[str] = set()
        for text in (self.templates[rule].de, self.templates[rule].en):
            names |= {field for _, field, _, _ in string.Formatter().parse(text) if field}
        return names


class _Missing(dict[str, str]):
    # A fact missing from an old event renders as "?" instead of failing the whole page.
    def __missing__(self, key: str) -> str:
        return "?"
