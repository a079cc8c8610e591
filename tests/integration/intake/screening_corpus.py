"""Generated files for the classification screen: clean, marked (body, header, footer, metadata, scanned stamp as
PNG, JPEG, image-only PDF and inside a DOCX, German and English) and look-alikes that must pass."""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

import docx
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from services.intake.domain.documents import DocumentKind

CLEAN_DE = "Die Muster GmbH fertigt Präzisionsteile für Luftfahrt und Verteidigung in Nordrhein-Westfalen."
CLEAN_EN = "Muster Ltd machines precision parts for aerospace and defence customers in North Rhine-Westphalia."


@dataclass(frozen=True)
class CorpusFile:
    name: str
    kind: DocumentKind
    content: bytes
    marked: bool


def pdf(*, body: str, header: str = "", footer: str = "", title: str = "", subject: str = "") -> bytes:
    class _Pdf(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("Helvetica", "B", 10)
                self.cell(0, 8, header, align="C")
                self.ln(10)

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.set_font("Helvetica", "", 8)
                self.cell(0, 8, footer, align="C")

    document = _Pdf()
    document.set_title(title)
    document.set_subject(subject)
    document.add_page()
    document.set_font("Helvetica", "", 11)
    document.multi_cell(0, 6, body)
    return bytes(document.output())


def word(*, body: str, header: str = "", footer: str = "", title: str = "", image: bytes | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph(body)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.core_properties.title = title
    if image:
        document.add_picture(io.BytesIO(image))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stamp_image(text: str, *, angle: float = 7.0, seed: int = 15) -> Image.Image:
    """A rubber stamp on a scanned page: framed capitals, rotated, blurred, with speckle noise."""
    rng = random.Random(seed)
    font = ImageFont.load_default(size=64)
    width = int(font.getlength(text)) + 140
    page = Image.new("L", (max(1400, width + 300), 900), 250)
    stamp = Image.new("L", (width, 200), 255)
    draw = ImageDraw.Draw(stamp)
    draw.rectangle((10, 10, width - 10, 190), outline=40, width=8)
    draw.text((width // 2, 100), text, fill=30, font=font, anchor="mm")
    stamp = stamp.rotate(angle, expand=True, fillcolor=255)
    page.paste(stamp, (150, 250))
    ImageDraw.Draw(page).text((150, 80), "Muster GmbH - Angebot 2026", fill=60, font=ImageFont.load_default(size=36))
    pixels = page.load()
    assert pixels is not None
    for _ in range(6000):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        pixels[x, y] = rng.choice((20, 120, 255))
    return page.filter(ImageFilter.GaussianBlur(0.8))


def encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format=fmt, **({"resolution": 150.0} if fmt == "PDF" else {}))
    return out.getvalue()


def corpus() -> list[CorpusFile]:
    pdf_kind, docx_kind = DocumentKind.PDF, DocumentKind.DOCX
    nfd_stamp = stamp_image("VS - NfD")
    files = [
        CorpusFile("clean_de.pdf", pdf_kind, pdf(body=CLEAN_DE, title="Firmenpräsentation"), False),
        CorpusFile("clean_en.docx", docx_kind, word(body=CLEAN_EN, header="Muster Ltd", title="Company profile"),
                   False),
        CorpusFile("clean_scan.png", DocumentKind.PNG, encoded(stamp_image("Muster GmbH", angle=3), "PNG"), False),
        CorpusFile("body_de.pdf", pdf_kind, pdf(body=f"{CLEAN_DE}\nVS - NUR FÜR DEN DIENSTGEBRAUCH"), True),
        CorpusFile("body_en.pdf", pdf_kind, pdf(body=f"{CLEAN_EN}\nNATO RESTRICTED"), True),
        CorpusFile("header_de.pdf", pdf_kind, pdf(body=CLEAN_DE, header="VS-NfD"), True),
        CorpusFile("footer_en.pdf", pdf_kind, pdf(body=CLEAN_EN, footer="RESTREINT UE/EU RESTRICTED"), True),
        CorpusFile("metadata.pdf", pdf_kind, pdf(body=CLEAN_DE, subject="GEHEIM"), True),
        CorpusFile("spaced.pdf", pdf_kind, pdf(body=f"{CLEAN_DE}\nS T R E N G   G E H E I M"), True),
        CorpusFile("body_de.docx", docx_kind, word(body=f"{CLEAN_DE}\nVS-Nfd"), True),
        CorpusFile("header_de.docx", docx_kind, word(body=CLEAN_DE, header="VERTRAULICH"), True),
        CorpusFile("footer_en.docx", docx_kind, word(body=CLEAN_EN, footer="Nato Restricted"), True),
        CorpusFile("metadata.docx", docx_kind, word(body=CLEAN_EN, title="VS – NfD Entwurf"), True),
        CorpusFile("stamp.png", DocumentKind.PNG, encoded(nfd_stamp, "PNG"), True),
        CorpusFile("stamp.jpg", DocumentKind.JPEG, encoded(stamp_image("GEHEIM", angle=-5), "JPEG"), True),
        CorpusFile("stamp_scan.pdf", pdf_kind, encoded(nfd_stamp, "PDF"), True),
        CorpusFile("stamp_skewed_en.png", DocumentKind.PNG,
                   encoded(stamp_image("NATO RESTRICTED", angle=13, seed=3), "PNG"), True),
        CorpusFile("stamp_skewed_de.pdf", pdf_kind, encoded(stamp_image("STRENG GEHEIM", angle=-12, seed=4), "PDF"),
                   True),
        CorpusFile("stamp_long_de.jpg", DocumentKind.JPEG,
                   encoded(stamp_image("VS-NUR FÜR DEN DIENSTGEBRAUCH", angle=-4, seed=5), "JPEG"), True),
        CorpusFile("stamp_in.docx", docx_kind,
                   word(body=CLEAN_DE, image=encoded(stamp_image("NATO RESTRICTED", angle=4), "PNG")), True),
    ]
    lookalikes = [
        ("nda.pdf", "Anlage: Vertraulichkeitsvereinbarung (NDA) zwischen den Parteien."),
        ("recipe.pdf", "Unsere geheime Zutat ist Sorgfalt. Das Geheimnis guter Teile."),
        ("handling.pdf", "Bitte behandeln Sie diese Unterlagen vertraulich. Geheimhaltung ist vereinbart."),
        ("idiom.pdf", "Der Termin ist kein streng geheimes Projekt, sondern öffentlich."),
        ("goods.pdf", "We screen EU restricted goods lists and keep customer data confidential."),
    ]
    files += [CorpusFile(name, pdf_kind, pdf(body=text), False) for name, text in lookalikes]
    files.append(CorpusFile("nda.docx", docx_kind, word(body="Vertraulichkeitsvereinbarung", header="Geheimhaltung",
                                                        title="vertrauliche Unterlagen"), False))
    return files
