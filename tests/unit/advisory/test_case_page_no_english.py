"""No English text on a German case page (issue 16): a rich case is rendered in German and its visible text must
not contain a word that only the English texts use. The list is built from the texts themselves: every word of an
English text (workbench, explanations, taxonomy) that no German text uses. The technical formula traces are marked
lang="en" (and labelled as such); names and free text people wrote are inside <bdi>; both are not ours to translate.
"""
from __future__ import annotations

import re

import pytest

from services.advisory.presentation.i18n import TEXTS
from services.advisory.presentation.timeline_words import timeline_words
from tests.unit.advisory.case_page_support import (
    EXPLANATIONS,
    PARTNERS,
    TAXONOMY,
    VisibleText,
    render_case,
    rich_case,
)

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(re.sub(r"\{[^}]*\}", " ", text))}


def _pairs() -> list[tuple[str, str]]:
    pairs = list(TEXTS.values())
    pairs += [(t.de, t.en) for t in (*EXPLANATIONS.templates.values(), *EXPLANATIONS.labels.values())]
    for group in (TAXONOMY.capability_areas, TAXONOMY.competence_fields, TAXONOMY.readiness_criteria, TAXONOMY.gates):
        pairs += [(item.label.de, item.label.en) for item in group]
    pairs += [(a.de, a.en) for c in TAXONOMY.readiness_criteria for a in c.anchors.values()]
    pairs += [(t.de, t.en) for steps in TAXONOMY.development_steps.values() for step in steps.values()
              for t in (step.action, step.lead_time)]
    # Partner names are names in both languages ("AeroSpace.NRW", "Competence Center 5G.NRW").
    pairs += [(p.name, p.name) for p in PARTNERS.partners]
    return pairs


def english_only_words() -> set[str]:
    german = set().union(*(_words(de) for de, _ in _pairs()))
    english = set().union(*(_words(en) for _, en in _pairs()))
    # Short words ("in", "of", "to") are too often both; acronyms (SLA, TRL, NDA) are the same in both languages.
    return {w for w in english - german if len(w) > 3}


ENGLISH_ONLY = english_only_words()


def test_the_list_is_real() -> None:
    assert {"readiness", "assignee", "recommended", "gates", "introduction"} <= ENGLISH_ONLY
    assert "prüfpunkte" not in ENGLISH_ONLY and "band" not in ENGLISH_ONLY


@pytest.mark.parametrize("kind", [None, "assessed"])
def test_a_rich_case_in_german_has_no_english_words(kind: str | None) -> None:
    html = render_case(rich_case(), lang="de", kind=kind)
    shown = _words(VisibleText.of(html))
    assert not shown & ENGLISH_ONLY, sorted(shown & ENGLISH_ONLY)


def test_the_same_case_in_english_does_use_them() -> None:
    # The check can fail: the English page shows plenty of the listed words.
    shown = _words(VisibleText.of(render_case(rich_case(), lang="en"), skip_english=False))
    assert len(shown & ENGLISH_ONLY) > 40


def test_formula_traces_are_marked_english_and_labelled_in_german() -> None:
    html = render_case(rich_case(), lang="de")
    assert html.count('lang="en" class="trace"') >= 10
    assert "Formel (technisch)" in html and "max over fields" in html  # the derivation stays available


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "Band B, Reife 51,7 %, keine offenen Prüfpunkte"),
    ("en", "band B, readiness 51.7 %, no open gates"),
])
def test_the_timeline_says_what_happened_in_words(lang: str, expected: str) -> None:
    words = timeline_words("assessed", {"band": "B", "readiness_percent": 51.7, "open_gates": 0, "revision": 1}, lang)
    assert words == expected
    note = timeline_words("note", {"text": "<b>Rückruf</b>", "actor_id": "x"}, lang)
    assert note == "<bdi>&lt;b&gt;Rückruf&lt;/b&gt;</bdi>"  # people's text: escaped and isolated
    assert timeline_words("unknown_kind", {"raw": 1}, lang) is None  # never raw data


def test_a_held_list_and_the_gate_that_holds_it_lead_the_summary() -> None:
    html = render_case(rich_case(), lang="de")
    summary = html[html.index('id="summary"'):html.index('id="actions"')]
    assert 'data-gate="G6"' in summary and "So wird er frei:" in summary and 'id="clear-G6"' in summary
    assert 'id="top-partners-held"' in summary and "G3" not in summary  # G3 was cleared by a lead


def test_documents_are_listed_refused_ones_without_a_download_and_operators_get_none() -> None:
    case = rich_case()
    html = render_case(case, lang="de")
    clean, refused = case["documents"]
    assert f'/documents/{clean["document_id"]}/download' in html
    assert f'/documents/{refused["document_id"]}/download' not in html
    assert "Vermerk „VS-NfD“ gefunden (auf Seite 2)" in html and "239 KB" in html and "1,1 MB" in html
    assert "/download" not in render_case(case, lang="de", role="operator")
