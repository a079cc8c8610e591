"""The released assessment result in the company's language: names, levels and steps from the taxonomy, the open
items from texts.yaml. The event carried only ids and numbers; an id this taxonomy does not know is left out
rather than shown as an id."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.taxonomy import Taxonomy

from .i18n import texts, translator

MAX_SCORE = 3


@dataclass(frozen=True)
class AreaView:
    id: str
    name: str
    percent: int
    strength: str  # plain words for the score


@dataclass(frozen=True)
class CriterionView:
    id: str
    label: str
    score: int
    target: int
    level: str  # what the score means (the taxonomy's anchor)

    @property
    def bar_width(self) -> float:
        return round(self.score / MAX_SCORE * 100, 1)

    @property
    def target_x(self) -> float:
        # A target of 3 stays inside the bar's box (its line would be cut in half at the right edge).
        return min(round(self.target / MAX_SCORE * 100, 1), 99.2)

    @property
    def reached(self) -> bool:
        return self.score >= self.target


@dataclass(frozen=True)
class StepView:
    criterion: str
    action: str
    helper: str
    lead_time: str


@dataclass(frozen=True)
class ResultView:
    areas: list[AreaView]
    criteria: list[CriterionView]
    steps: list[StepView]
    open_items: list[str]
    readiness_percent: int

    def as_json(self) -> dict[str, Any]:
        return {"areas": [a.__dict__ for a in self.areas], "criteria": [c.__dict__ for c in self.criteria],
                "steps": [s.__dict__ for s in self.steps], "open_items": self.open_items}


def _strength(score: float) -> str:
    return "strong" if score >= 0.8 else "good" if score >= 0.5 else "first"


def result_view(result: dict[str, Any], *, taxonomy: Taxonomy, lang: str) -> ResultView:
    t = translator(lang)
    known_areas, known_criteria = taxonomy.area_ids, {c.id for c in taxonomy.readiness_criteria}
    areas = [AreaView(id=a["area"], name=taxonomy.area_label(a["area"], lang), percent=round(a["score"] * 100),
                      strength=t("result.strength." + _strength(a["score"])))
             for a in result.get("top_areas", []) if a["area"] in known_areas]
    criteria = []
    for c in result.get("readiness", []):
        if c["criterion"] not in known_criteria:
            continue
        criterion = taxonomy.criterion(c["criterion"])
        anchor = criterion.anchors.get(int(c["score"]))
        criteria.append(CriterionView(id=criterion.id, label=criterion.label.in_(lang), score=int(c["score"]),
                                      target=criterion.target, level=anchor.in_(lang) if anchor else ""))
    steps = []
    for s in result.get("development_plan", []):
        template = taxonomy.development_steps.get(s["criterion"], {}).get(int(s["rung"]))
        if template is None or s["criterion"] not in known_criteria:
            continue
        steps.append(StepView(criterion=taxonomy.criterion_label(s["criterion"], lang),
                              action=template.action.in_(lang), helper=s.get("helper") or template.helper,
                              lead_time=template.lead_time.in_(lang)))
    known_items = texts()
    items = [t("result.item." + i) for i in result.get("open_items", []) if "result.item." + i in known_items]
    weights = {c.id: c.weight for c in taxonomy.readiness_criteria}
    total = sum(weights[c.id] for c in criteria) or 1
    percent = round(sum(weights[c.id] * c.score for c in criteria) / (MAX_SCORE * total) * 100)
    return ResultView(areas=areas, criteria=criteria, steps=steps, open_items=items, readiness_percent=percent)
