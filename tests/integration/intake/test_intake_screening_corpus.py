"""The classification screen on a generated corpus (issue 15): recall 100% on marked files, no look-alike refused.
Real tesseract OCR, so this lives in the integration layer (about 15 s)."""
from __future__ import annotations

import pytest

from services.intake.adapters.text_extraction import TesseractTextExtractor
from services.intake.domain.classification import find_marks
from tests.integration.intake.screening_corpus import CorpusFile, corpus


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[CorpusFile, list[str]]]:
    extractor = TesseractTextExtractor()
    return [(f, [m.mark for m in find_marks(extractor.extract(f.content, f.kind))]) for f in corpus()]


def test_screening_corpus_has_full_recall_and_refuses_no_lookalike(
        verdicts: list[tuple[CorpusFile, list[str]]]) -> None:
    true_pos = [f.name for f, marks in verdicts if f.marked and marks]
    false_neg = [f.name for f, marks in verdicts if f.marked and not marks]
    false_pos = [(f.name, marks) for f, marks in verdicts if not f.marked and marks]
    marked = sum(f.marked for f, _ in verdicts)
    recall = len(true_pos) / marked
    precision = len(true_pos) / (len(true_pos) + len(false_pos))
    print(f"\nclassification screen: {len(verdicts)} files ({marked} marked, {len(verdicts) - marked} clean or "
          f"look-alike): precision {precision:.0%}, recall {recall:.0%}")
    for f, marks in verdicts:
        print(f"  {f.name:24} {'marked' if f.marked else 'clean ':7} -> {', '.join(marks) or 'pass'}")
    assert not false_neg, f"marked files that passed: {false_neg}"
    assert not false_pos, f"clean files refused: {false_pos}"
    assert recall == 1.0 and precision == 1.0


def test_each_marked_file_is_found_where_the_mark_is(verdicts: list[tuple[CorpusFile, list[str]]]) -> None:
    expected = {"header_de.pdf": "VS-NfD", "footer_en.pdf": "RESTREINT UE", "metadata.pdf": "GEHEIM",
                "spaced.pdf": "STRENG GEHEIM", "header_de.docx": "VERTRAULICH", "footer_en.docx": "NATO RESTRICTED",
                "stamp.png": "VS-NfD", "stamp_scan.pdf": "VS-NfD", "stamp_in.docx": "NATO RESTRICTED",
                "stamp_skewed_de.pdf": "STRENG GEHEIM", "stamp_long_de.jpg": "VS-NfD"}
    by_name = dict((f.name, marks) for f, marks in verdicts)
    for name, mark in expected.items():
        assert by_name[name][:1] == [mark], (name, by_name[name])
