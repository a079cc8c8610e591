"""Validate a posted form: map it, run the submission model and the id check, translate every error."""
from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from ..domain.form_mapping import FormData, Mapped, form_name, form_shape_errors, is_choice, map_form
from ..domain.known_ids import KnownIds, unknown_ids
from ..domain.submission import EnquirySubmission, error_location
from .error_catalogue import translate


@dataclass
class FormResult:
    submission: EnquirySubmission | None
    errors: dict[str, str] = field(default_factory=dict)  # form field name -> message, first error per field


def _add(errors: dict[str, str], name: str, message: str) -> None:
    errors.setdefault(name, message)


def validate_form(form: FormData, *, known: KnownIds, lang: str) -> FormResult:
    mapped: Mapped = map_form(form)
    shape = {name: translate(kind, field=name, lang=lang) for name, kind in form_shape_errors(form).items()}
    try:
        submission = EnquirySubmission.model_validate(mapped.data)
    except ValidationError as exc:
        errors: dict[str, str] = dict(shape)
        for err in exc.errors():
            name = form_name(error_location(dict(err)), mapped.row_keys)
            kind = "missing_choice" if err["type"] == "missing" and is_choice(name) else err["type"]
            _add(errors, name, translate(kind, field=name, lang=lang, ctx=err.get("ctx")))
        return FormResult(None, errors)
    errors = dict(shape)
    for unknown in unknown_ids(submission, known):
        name = form_name(unknown.loc, mapped.row_keys)
        _add(errors, name, translate(unknown.type, field=name, lang=lang))
    return FormResult(None if errors else submission, errors)
