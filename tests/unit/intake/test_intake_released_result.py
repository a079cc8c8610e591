"""The result an advisor released (issue 15 item 6): intake keeps the newest revision, erasure removes it, and the
status page renders it from ids in the company's language (no English on the German page, no gate internals)."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from markupsafe import escape
from starlette.datastructures import URL

from services.intake.domain.submission import EnquirySubmission
from services.intake.presentation.render import render
from services.intake.presentation.result_view import result_view
from services.intake.use_cases.erase import request_erasure
from services.intake.use_cases.keep_result import when_result_released_keep
from services.intake.use_cases.submit import submit_enquiry
from shared.contracts import subjects
from shared.contracts.advisory import ResultReleasedV1
from shared.contracts.envelope import new_envelope
from shared.taxonomy import load_taxonomy
from tests.support.test_data import unique_enquiry

from .fakes import FakeIntakeStore, FakeUnitOfWork, FrozenClock

TAXONOMY = load_taxonomy()


def area(area_id: str, lang: str) -> str:
    return str(escape(TAXONOMY.area_label(area_id, lang)))  # as the page shows it, HTML-escaped


def released(enquiry_id: uuid.UUID, *, revision: int = 1, **changes: Any) -> ResultReleasedV1:
    data: dict[str, Any] = {
        "case_id": uuid.uuid4(), "enquiry_id": enquiry_id, "assessment_revision": revision,
        "taxonomy_version": TAXONOMY.version,
        "top_areas": [{"area": "CA04", "score": 1.0}, {"area": "CA03", "score": 0.6}],
        "readiness": [{"criterion": c, "score": s} for c, s in
                      (("R1", 1), ("R2", 0), ("R3", 0), ("R4", 1), ("R5", 2), ("R6", 2), ("R7", 0))],
        "development_plan": [{"criterion": "R1", "rung": 1, "helper": "AeroSpace.NRW"},
                             {"criterion": "R3", "rung": 0, "helper": "IHK (Exportkontrolle) / BAFA"}],
        "open_items": ["name_export_control_officer", "set_up_icp", "an_item_from_the_future"],
    }
    return ResultReleasedV1.model_validate(data | changes)


def _envelope(payload: ResultReleasedV1, clock: FrozenClock) -> Any:
    return new_envelope(payload, subject=subjects.RESULT_RELEASED, producer="advisory", correlation_id="DN-TEST",
                        occurred_at=clock.now())


async def _submitted(store: FakeIntakeStore) -> uuid.UUID:
    accepted = await submit_enquiry(FakeUnitOfWork(store), EnquirySubmission.model_validate(unique_enquiry()),
                                    idempotency_key=None, source="api", clock=store.clock,
                                    status_url=lambda eid: f"http://intake.test/status/{eid}")
    return accepted.enquiry_id


async def test_the_newest_release_is_kept_and_a_late_older_one_changes_nothing() -> None:
    store = FakeIntakeStore()
    enquiry_id = await _submitted(store)
    await when_result_released_keep(_envelope(released(enquiry_id, revision=2), store.clock), store)
    await when_result_released_keep(_envelope(released(enquiry_id, revision=1, open_items=[]), store.clock), store)
    kept = store.released_results[enquiry_id]
    assert kept["revision"] == 2 and kept["result"]["open_items"][0] == "name_export_control_officer"
    assert set(kept["result"]) == {"top_areas", "readiness", "development_plan", "open_items"}
    store.clock.advance(timedelta(days=1))
    await when_result_released_keep(_envelope(released(enquiry_id, revision=3, open_items=[]), store.clock), store)
    assert store.released_results[enquiry_id]["revision"] == 3
    assert store.released_results[enquiry_id]["result"]["open_items"] == []


async def test_erasure_removes_the_result_and_a_late_release_is_not_kept() -> None:
    store = FakeIntakeStore()
    enquiry_id = await _submitted(store)
    await when_result_released_keep(_envelope(released(enquiry_id), store.clock), store)
    reference = store.enquiries[enquiry_id].reference
    await request_erasure(FakeUnitOfWork(store), reference, clock=store.clock)
    assert enquiry_id not in store.released_results
    await when_result_released_keep(_envelope(released(enquiry_id, revision=2), store.clock), store)
    assert enquiry_id not in store.released_results
    await when_result_released_keep(_envelope(released(uuid.uuid4()), store.clock), store)  # not ours
    assert store.released_results == {}


def _page(lang: str) -> str:
    payload = released(uuid.uuid4()).model_dump(mode="json")
    view = result_view(payload, taxonomy=TAXONOMY, lang=lang)
    response = render("status.html", lang=lang, url=URL("http://intake.test/status/x?token=t"),
                      reference="DN-2026-ABCDEF", status="with_advisor", question=None, respond_by=None,
                      amend_url="", submitted_at="", updated_at="", revision=1, amended=False, reassessment_on=None,
                      result=view, released_on="4 December 2026" if lang == "en" else "04.12.2026")
    return bytes(response.body).decode()


def test_the_status_page_shows_the_result_in_german() -> None:
    html = _page("de")
    assert "Ihr Ergebnis" in html and area("CA04", "de") in html
    assert "Benennen Sie einen Ausfuhrverantwortlichen" in html
    assert TAXONOMY.development_steps["R3"][0].action.de.split("(")[0].strip() in html
    assert "IHK (Exportkontrolle) / BAFA" in html and 'data-criterion="R7"' in html
    assert "<svg" in html and "an_item_from_the_future" not in html
    for english in ("Your result", "Quality management", area("CA04", "en"), "export control officer",
                    TAXONOMY.development_steps["R3"][0].action.en):
        assert english not in html
    for secret in ("G1", "Sanktions", "sanction", "Band"):
        assert not re.search(rf"\b{secret}\b", html)


def test_the_status_page_shows_the_result_in_english() -> None:
    html = _page("en")
    assert "Your result" in html and area("CA04", "en") in html
    assert "Name an export control officer" in html and "Quality management" in html
    assert "Ihr Ergebnis" not in html and "Ausfuhrverantwortlichen" not in html


def test_readiness_numbers_are_text_and_the_overall_percent_is_weighted() -> None:
    view = result_view(released(uuid.uuid4()).model_dump(mode="json"), taxonomy=TAXONOMY, lang="de")
    assert [c.score for c in view.criteria] == [1, 0, 0, 1, 2, 2, 0]
    weights = {c.id: c.weight for c in TAXONOMY.readiness_criteria}
    expected = sum(weights[c.id] * c.score for c in view.criteria) / (3 * sum(weights.values())) * 100
    assert view.readiness_percent == round(expected)
    assert view.criteria[0].level == TAXONOMY.criterion("R1").anchors[1].de
