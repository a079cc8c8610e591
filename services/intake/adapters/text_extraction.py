"""Text of an upload for the classification screen: PDF text layer and metadata, DOCX body, tables, headers,
footers, core properties and embedded images, and OCR (tesseract, German + English) of images and of PDF pages
without a text layer. Library choices: docs/adr/0011-upload-screening-libraries.md."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
import filetype
import pypdf
import pypdfium2
import pytesseract
from PIL import Image

from services.intake.domain.classification import ExtractedText
from services.intake.domain.documents import DocumentKind, UnreadableDocument, kind_from_mime

_OCR_LANGUAGES = "deu+eng"
_OCR_TIMEOUT_S = 30
_RENDER_SCALE = 200 / 72      # 200 dpi: small stamps stay legible to tesseract
_MAX_OCR_PAGES = 20           # a longer image-only PDF is refused as unreadable rather than hold a worker
_MAX_DOCX_IMAGES = 20
Image.MAX_IMAGE_PIXELS = 60_000_000   # well above an A4 scan at 600 dpi; a decompression bomb raises


# Tesseract reads level lines and skips a framed stamp that is skewed by even a few degrees; rubber stamps rarely
# sit level. So the page is read level and once more turned by each skew at which long lines (a stamp's frame, its
# text) line up, found by the classic projection-profile search: the row sums of a turned thumbnail vary most
# when its lines are level.
_SKEW_SEARCH = range(-20, 21)
_EXTRA_READS = 2


def _row_profile_variance(thumb: Image.Image, angle: float) -> float:
    turned = thumb.rotate(angle, expand=True, fillcolor=0)
    rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
    mean = sum(rows) / len(rows)
    return sum((r - mean) ** 2 for r in rows) / len(rows)


def skew_angles(grey: Image.Image) -> list[float]:
    """The skews worth a second read: the strongest local maxima of the row-profile variance away from level."""
    thumb = grey.copy()
    thumb.thumbnail((600, 600))
    ink = thumb.point(lambda v: 255 if v < 128 else 0)
    scores = {a: _row_profile_variance(ink, a) for a in _SKEW_SEARCH}
    peaks = [a for a in _SKEW_SEARCH if abs(a) >= 2 and scores[a] >= scores.get(a - 1, 0.0)
             and scores[a] >= scores.get(a + 1, 0.0)]
    return [float(a) for a in sorted(peaks, key=lambda a: -scores[a])[:_EXTRA_READS]]


def _read(image: Image.Image, *, psm: int) -> str:
    text: str = pytesseract.image_to_string(image, lang=_OCR_LANGUAGES, config=f"--psm {psm}",
                                            timeout=_OCR_TIMEOUT_S)
    return text


def ocr(image: Image.Image) -> str:
    """Read as a page (psm 3), as one block (psm 6) and as sparse text (psm 11): each layout mode skips framed
    stamps the others find; level, and turned by each likely stamp skew."""
    grey = image.convert("L")
    turned = [grey.rotate(a, expand=True, fillcolor=255) for a in skew_angles(grey)]
    return "\n".join([_read(grey, psm=3)] + [_read(v, psm=psm) for v in (grey, *turned) for psm in (6, 11)])


def _pdf(content: bytes) -> Iterator[ExtractedText]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    if reader.metadata:
        values = [str(v) for v in reader.metadata.values() if isinstance(v, str)]
        yield ExtractedText("metadata", "\n".join(values))
    image_pages: list[int] = []
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        if text.strip():
            yield ExtractedText(f"page {number}", text)
        else:
            image_pages.append(number)
    if len(image_pages) > _MAX_OCR_PAGES:
        raise UnreadableDocument(f"{len(image_pages)} pages without a text layer")
    if image_pages:
        rendered = pypdfium2.PdfDocument(content)
        try:
            for number in image_pages:
                bitmap = rendered[number - 1].render(scale=_RENDER_SCALE)
                yield ExtractedText(f"page {number} (OCR)", ocr(bitmap.to_pil()))
        finally:
            rendered.close()


def _docx(content: bytes) -> Iterator[ExtractedText]:
    document = docx.Document(io.BytesIO(content))
    yield ExtractedText("body", "\n".join(p.text for p in document.paragraphs))
    for table in document.tables:
        yield ExtractedText("table", "\n".join(cell.text for row in table.rows for cell in row.cells))
    for section in document.sections:
        for kind, parts in (("header", (section.header, section.first_page_header, section.even_page_header)),
                            ("footer", (section.footer, section.first_page_footer, section.even_page_footer))):
            for part in parts:
                if not part.is_linked_to_previous:
                    yield ExtractedText(kind, "\n".join(p.text for p in part.paragraphs))
    props = document.core_properties
    yield ExtractedText("metadata", "\n".join(str(v) for v in (
        props.title, props.subject, props.keywords, props.comments, props.category, props.author,
        props.content_status, props.identifier, props.last_modified_by) if v))
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        for name in media[:_MAX_DOCX_IMAGES]:
            try:
                image = Image.open(io.BytesIO(package.read(name)))
                image.load()
            except OSError:
                continue        # an EMF/WMF drawing: not something tesseract reads
            yield ExtractedText(f"image {name.rsplit('/', 1)[-1]} (OCR)", ocr(image))


def _image(content: bytes) -> Iterator[ExtractedText]:
    image = Image.open(io.BytesIO(content))
    image.load()
    yield ExtractedText("image (OCR)", ocr(image))


_READERS = {DocumentKind.PDF: _pdf, DocumentKind.DOCX: _docx, DocumentKind.PNG: _image, DocumentKind.JPEG: _image}


class TesseractTextExtractor:
    """The `TextExtractor` port: all the text a reader of the file could see, piece by piece."""

    def kind_of(self, content: bytes) -> DocumentKind | None:
        """Decided from the magic bytes (a DOCX by its parts inside the ZIP), never from the name."""
        guess = filetype.guess(content)
        return kind_from_mime(guess.mime if guess else None)

    def extract(self, content: bytes, kind: DocumentKind) -> list[ExtractedText]:
        try:
            return list(_READERS[kind](content))
        except UnreadableDocument:
            raise
        except (pytesseract.TesseractError, RuntimeError) as error:   # a tesseract timeout is a RuntimeError
            raise UnreadableDocument(f"OCR failed: {error}") from error
        except Exception as error:
            raise UnreadableDocument(f"{type(error).__name__}: {error}") from error
