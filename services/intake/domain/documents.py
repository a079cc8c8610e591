"""Documents a company attaches to an enquiry (issue 15): what is accepted, by content and by size."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ENQUIRY_BYTES = 25 * 1024 * 1024


class UnreadableDocument(Exception):
    """The file could not be opened or read in full, so it cannot be screened (and is therefore refused)."""


class DocumentKind(StrEnum):
    PDF = "application/pdf"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    PNG = "image/png"
    JPEG = "image/jpeg"


def kind_from_mime(mime: str | None) -> DocumentKind | None:
    """The accepted kind for a MIME type sniffed from the content (never from the name), or None."""
    try:
        return DocumentKind(mime) if mime else None
    except ValueError:
        return None


@dataclass(frozen=True)
class SizeVerdict:
    ok: bool
    reason: str | None = None   # "file_too_large" | "enquiry_quota_exceeded" | "empty_file"


def check_size(*, size: int, already_stored: int) -> SizeVerdict:
    if size == 0:
        return SizeVerdict(False, "empty_file")
    if size > MAX_FILE_BYTES:
        return SizeVerdict(False, "file_too_large")
    if already_stored + size > MAX_ENQUIRY_BYTES:
        return SizeVerdict(False, "enquiry_quota_exceeded")
    return SizeVerdict(True)


def safe_file_name(name: str | None) -> str:
    """The name as shown to people: no path, no control characters, at most 200 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable()).strip()
    return cleaned[:200] or "document"
