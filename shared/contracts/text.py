"""String types that refuse what no legitimate form field contains (NUL, control characters, lone surrogates)."""
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _clean(value: str, pattern: re.Pattern[str]) -> str:
    if pattern.search(value):
        raise ValueError("contains control characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates from JSON "\ud800"
        raise ValueError("is not valid Unicode text") from exc
    return unicodedata.normalize("NFC", value)


def _line(value: str) -> str:
    return _clean(value, _CONTROL_SINGLE_LINE)


def _multiline(value: str) -> str:
    return _clean(value, _CONTROL)


Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_line)]
RequiredLine = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_line)
]
Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000), AfterValidator(_multiline)]
