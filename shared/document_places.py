"""Where in a file a classification marking was found, in the reader's language. The extractor in intake names the
place in English (`page 2 (OCR)`, `header`, `image logo.png (OCR)` ...) and so does `found_in` of
`intake.document.refused.v1`: intake says it to the company, advisory to the advisor (issue 15, gate G6)."""
from __future__ import annotations

import re

_PLACES = {
    "metadata": ("in den Metadaten", "in the metadata"), "body": ("im Text", "in the text"),
    "table": ("in einer Tabelle", "in a table"), "header": ("in der Kopfzeile", "in the header"),
    "footer": ("in der Fußzeile", "in the footer"), "image (OCR)": ("im Bild (Texterkennung)", "in the image (OCR)"),
}


def where_label(source: str, lang: str) -> str:
    i = 1 if lang == "en" else 0
    if source in _PLACES:
        return _PLACES[source][i]
    if m := re.fullmatch(r"page (\d+)( \(OCR\))?", source):
        ocr = ("; gescannte Seite, Texterkennung", "; scanned page, OCR")[i] if m.group(2) else ""
        return (f"auf Seite {m.group(1)}{ocr}", f"on page {m.group(1)}{ocr}")[i]
    if m := re.fullmatch(r"image (.+) \(OCR\)", source):
        return (f"im eingebetteten Bild {m.group(1)} (Texterkennung)", f"in the embedded image {m.group(1)} (OCR)")[i]
    for key, (de, en) in _PLACES.items():
        if source.startswith(key):
            return (de, en)[i]
    return ("in der Datei", "in the file")[i]
