"""Every rule id the assessment emits has a de and en sentence, and the sentence uses only facts the rule gave
(issue 16): a page renders explanations from rule + facts, so a missing template would show a neutral fallback and
a missing fact a "?"."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.assessment.domain.assess import AssessmentResult, assess
from services.assessment.domain.gates import ClassifiedUpload, ListSanctionsScreen
from shared.contracts.intake import EnquirySubmittedV1
from shared.taxonomy import load_explanations
from tests.support.test_data import enquiry_submitted
from tests.unit.assessment.golden_profiles import GOLDEN
from tests.unit.assessment.profiles import CASES

EXPLANATIONS = load_explanations()


def _explained(result: AssessmentResult) -> Iterator[tuple[str, str | None, dict[str, object]]]:
    for fit in result.capability_fit:
        yield "fit", fit.rule, fit.facts
    for score in result.readiness:
        yield "readiness", score.rule, score.facts
    for gate in result.gates:
        yield "gate", gate.rule, gate.facts
    for partner in result.recommended_partners:
        for term in partner.terms:
            yield "term", term.rule, term.facts


def _results(taxonomy, partners, calls, sanctions) -> Iterator[tuple[str, AssessmentResult]]:
    for case in [*CASES, *GOLDEN]:
        yield case.name, assess(case.profile, case.consents, taxonomy=taxonomy, partners=partners, calls=calls,
                                sanctions=sanctions, today=case.today)
    submitted: EnquirySubmittedV1 = enquiry_submitted()
    example = submitted.profile
    yield "example_enquiry", assess(example, submitted.consents, taxonomy=taxonomy, partners=partners, calls=calls,
                                    sanctions=sanctions, today=CASES[0].today)
    # The gates that only a sanctions hit or a refused classified upload open.
    hit = ListSanctionsScreen([example.company.name])
    upload = ClassifiedUpload(name="Plan.pdf", mark="VS-NfD", found_in="page 2", sha256="a" * 64)
    yield "sanctions_and_classified", assess(example, submitted.consents, taxonomy=taxonomy, partners=partners,
                                             calls=calls, sanctions=hit, today=CASES[0].today,
                                             classified_uploads=[upload])


def test_every_emitted_rule_has_both_templates_and_only_known_placeholders(taxonomy, partners, calls, sanctions):
    seen: dict[str, set[str]] = {}
    problems = []
    for name, result in _results(taxonomy, partners, calls, sanctions):
        for kind, rule, facts in _explained(result):
            assert rule is not None, f"{name}: a {kind} result without a rule id"
            seen.setdefault(kind, set()).add(rule)
            if not EXPLANATIONS.has(rule):
                problems.append(f"{name}: {rule} has no template")
                continue
            text = EXPLANATIONS.templates[rule]
            if not text.de.strip() or not text.en.strip():
                problems.append(f"{name}: {rule} lacks a German or English sentence")
            if missing := EXPLANATIONS.placeholders(rule) - set(facts):
                problems.append(f"{name}: {rule} uses {sorted(missing)} that its facts {sorted(facts)} lack")
    assert not problems, "\n".join(sorted(set(problems)))
    # The spread really reaches the rules: every gate, both fit rules and all four kinds of match term.
    assert {r.split(".")[0] for r in seen["gate"]} == {"G1", "G2", "G3", "G4", "G5", "G6"}
    assert {"G1.match", "G6.classified", "G2.review", "G3.clear"} <= seen["gate"]
    assert {"fit.no_field", "fit.best_field", "fit.supported"} <= seen["fit"]
    assert {r.split(".")[1].split("_")[0] for r in seen["term"]} >= {"fit", "band", "focus", "context"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_sentence_renders_every_fact_in_the_readers_language(lang):
    facts = {"area": "CA03", "best_field": "CF01", "proficiency": 3, "weight": 0.5, "supporting_fields": ["CF02"],
             "supporting_count": 1, "bonus": 0.1, "score": 0.6}
    text = EXPLANATIONS.render("fit.supported", facts, lang)
    assert text is not None and "?" not in text and "{" not in text
    assert ("0,5" if lang == "de" else "0.5") in text


def test_list_items_that_hold_commas_are_told_apart_with_semicolons():
    labelled = EXPLANATIONS.model_copy(update={"labels": {
        **EXPLANATIONS.labels, "CF02": type(next(iter(EXPLANATIONS.labels.values())))(
            de="Umformen, Gießen/Schmieden, Präzisionszerspanung", en="Metal forming, casting/forging, machining")}})
    assert labelled.value(["CF02", "x"], "de") == "Umformen, Gießen/Schmieden, Präzisionszerspanung; x"
    assert labelled.value(["a", "b"], "de") == "a, b"
