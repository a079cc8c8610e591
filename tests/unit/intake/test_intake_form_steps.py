"""The guided form's steps and drafts with fakes: which step owns which field, how a step's answers and rows
change, what saving, resuming, uploading and submitting a draft store and publish."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.intake.domain.drafts import (
    add_row,
    csrf_matches,
    csrf_token,
    merge_step,
    new_token,
    remove_row,
    row_count,
    token_hash,
)
from services.intake.domain.form_mapping import CHECKBOXES, MULTI, ROWS, SCALARS
from services.intake.domain.form_prefill import form_values
from services.intake.domain.submission import EnquirySubmission
from services.intake.presentation.form_steps import STEPS, step_by_id, step_of
from services.intake.use_cases.add_document import DocumentRejected
from services.intake.use_cases.drafts import (
    add_draft_document,
    purge_expired_drafts,
    save_for_later,
    save_step,
)
from services.intake.use_cases.submit_draft import DraftGone, submit_draft
from shared.clock import FrozenClock
from shared.contracts import subjects
from shared.document_places import where_label
from tests.support.test_data import unique_enquiry

from .fakes import FakeDocumentReader, FakeIntakeStore, FakeUnitOfWork

pytestmark = pytest.mark.unit


def test_every_form_field_belongs_to_exactly_one_step() -> None:
    names = [n for n in SCALARS + CHECKBOXES + MULTI if n != "website_confirm"]
    names += [f"{prefix}.0.{f}" for prefix, fields in ROWS.items() for f in fields]
    for name in names:
        owners = [s.id for s in STEPS if s.owns(name)]
        assert len(owners) == 1, (name, owners)
    assert len(STEPS) == 8 and step_by_id("dokumente") is not None and step_by_id("dokumente").template is None
    assert step_of("compliance.shareholders").id == "exportkontrolle"
    assert step_of("compliance.geheimschutz_status").id == "zertifikate"


def test_a_step_replaces_only_its_own_answers_and_an_unticked_box_is_dropped() -> None:
    company = step_by_id("unternehmen")
    contact = step_by_id("kontakt")
    answers = {"company.name": ["Alt GmbH"], "consents.newsletter": ["on"], "contact.name": ["J. K."]}
    merged = merge_step(answers, {"consents.processing": ["on"], "contact.name": ["Julia"], "company.name": ["X"]},
                        contact.owns)
    assert merged == {"company.name": ["Alt GmbH"], "consents.processing": ["on"], "contact.name": ["Julia"]}
    assert merge_step(merged, {"company.name": ["  "]}, company.owns) == {
        "consents.processing": ["on"], "contact.name": ["Julia"]}


def test_rows_are_added_without_empty_slots_and_removed_with_the_rest_moving_up() -> None:
    answers: dict[str, list[str]] = {}
    assert row_count(answers, "certifications", default=0) == 0
    answers = add_row(answers, "certifications", default=0, max_rows=30)
    answers = add_row(answers | {"certifications.0.type": ["ISO 9001"]}, "certifications", default=0, max_rows=30)
    answers |= {"certifications.1.type": ["EN 9100"], "certifications.1.number": ["42"]}
    assert row_count(answers, "certifications", default=0) == 2
    after = remove_row(answers, "certifications", 0, default=0)
    assert after["certifications.0.type"] == ["EN 9100"] and after["certifications.0.number"] == ["42"]
    assert "certifications.1.type" not in after and row_count(after, "certifications", default=0) == 1
    many = {"_rows.offerings": ["30"]}
    assert row_count(add_row(many, "offerings", default=1, max_rows=30), "offerings", default=1) == 30


def test_tokens_are_stored_as_hashes_and_the_csrf_field_is_bound_to_the_token() -> None:
    token = new_token()
    assert len(token) == 43 and token not in token_hash(token) and token_hash(token) != token_hash(new_token())
    assert csrf_matches("s", token, csrf_token("s", token))
    assert not csrf_matches("s", new_token(), csrf_token("s", token))
    assert not csrf_matches("other", token, csrf_token("s", token))


@pytest.mark.parametrize(("source", "de", "en"), [
    ("page 2 (OCR)", "auf Seite 2; gescannte Seite, Texterkennung", "on page 2; scanned page, OCR"),
    ("metadata", "in den Metadaten", "in the metadata"), ("header", "in der Kopfzeile", "in the header"),
    ("something new", "in der Datei", "in the file")])
def test_where_a_mark_was_found_is_said_in_the_page_language(source: str, de: str, en: str) -> None:
    assert (where_label(source, "de"), where_label(source, "en")) == (de, en)


async def test_saving_steps_publishes_nothing_and_saving_for_later_rotates_the_link() -> None:
    clock = FrozenClock()
    store = FakeIntakeStore(clock)
    uow = FakeUnitOfWork(store)
    token = new_token()
    draft = await save_step(uow, token, answers={"company.name": ["A"]}, language="de", clock=clock)
    await save_step(uow, token, answers={"company.name": ["B"]}, language="de", clock=clock)
    assert store.outbox.subjects == [] and len(store.drafts) == 1
    assert store.drafts[draft.id]["answers"] == {"company.name": ["B"]}
    assert store.drafts[draft.id]["token_hash"] == token_hash(token)

    fresh = new_token()
    saved = await save_for_later(uow, token, new_token=fresh, email="a@b.example", language="en",
                                 resume_url=lambda t: f"https://x.example/anfrage/fortsetzen/{t}", clock=clock)
    assert saved is not None and store.outbox.subjects == [subjects.DRAFT_SAVED]
    event = store.outbox.only(subjects.DRAFT_SAVED).envelope.payload
    assert str(event.resume_url).endswith(fresh) and event.expires_at == clock.now() + timedelta(days=30)
    assert event.reference == draft.reference and event.language.value == "en"
    assert await save_for_later(uow, token, new_token=new_token(), email="a@b.example", language="en",
                                resume_url=str, clock=clock) is None, "the old token is void"

    clock.advance(timedelta(days=29))
    assert await purge_expired_drafts(uow, clock=clock) == 0
    clock.advance(timedelta(days=1, seconds=1))
    assert await purge_expired_drafts(uow, clock=clock) == 1 and store.drafts == {}


async def test_submitting_a_draft_publishes_the_enquiry_then_its_documents_once() -> None:
    clock = FrozenClock()
    store = FakeIntakeStore(clock)
    uow = FakeUnitOfWork(store)
    token = new_token()
    body = unique_enquiry()
    draft = await save_step(uow, token, answers=form_values(body), language="de", clock=clock)
    reader = FakeDocumentReader()
    clean = await add_draft_document(uow, draft, file_name="a.pdf", content=b"%PDF clean", reader=reader, clock=clock)
    marked = await add_draft_document(uow, draft, file_name="b.pdf", content=b"%PDF VS-NfD", reader=reader,
                                      clock=clock)
    assert clean.refused is None and marked.refused is not None and marked.refused.mark == "VS-NfD"
    with pytest.raises(DocumentRejected):
        await add_draft_document(uow, draft, file_name="c.txt", content=b"plain", reader=reader, clock=clock)
    assert store.outbox.subjects == [] and len(store.draft_documents) == 1

    submission = EnquirySubmission.model_validate(body)
    accepted = await submit_draft(uow, token, submission, clock=clock, status_url=lambda i: f"https://s/{i}")
    again = await submit_draft(uow, token, None, clock=clock, status_url=lambda i: f"https://s/{i}")
    assert (accepted.enquiry_id, accepted.reference) == (draft.id, draft.reference)
    assert again.replayed and again.enquiry_id == accepted.enquiry_id
    assert store.outbox.subjects == [subjects.ENQUIRY_SUBMITTED, subjects.DOCUMENT_ADDED, subjects.DOCUMENT_REFUSED]
    assert len(store.documents) == 1 and store.refused_documents[0][2] == "VS-NfD" and store.draft_documents == {}
    with pytest.raises(DraftGone):
        await submit_draft(uow, new_token(), submission, clock=clock, status_url=str)
    assert uuid.UUID(str(accepted.enquiry_id))


def test_the_check_page_lists_a_step_in_its_page_order_with_readable_german_values() -> None:
    from services.intake.presentation.check_view import step_answers
    from services.intake.presentation.choices import build_choices
    from shared.taxonomy import load_partner_directory, load_taxonomy

    taxonomy = load_taxonomy()
    choices = build_choices(taxonomy=taxonomy, partners=load_partner_directory(taxonomy=taxonomy), lang="de")
    stored = {"offerings.1.name": ["Frästeile"], "_rows.offerings": ["2"], "funding_interests": ["edf"],
              "offerings.0.trl": ["7"], "offerings.0.name": ["Gehäuse"], "capability_interests": []}
    answers = step_answers(step_by_id("angebot"), stored, choices=choices, lang="de")
    assert [(a.label, a.value) for a in answers] == [
        ("Bezeichnung (Angebot 1)", "Gehäuse"), ("Technologiereifegrad (TRL) (Angebot 1)", "TRL 7"),
        ("Bezeichnung (Angebot 2)", "Frästeile"),
        ("Interesse an Förderprogrammen", "Europäischer Verteidigungsfonds (EDF)")]
    export = step_answers(step_by_id("exportkontrolle"), {"compliance.goods_classified": ["no"],
                                                          "compliance.export_officer_named": ["yes"]},
                          choices=choices, lang="de")
    assert [a.value for a in export] == ["Ja", "Nein"]
