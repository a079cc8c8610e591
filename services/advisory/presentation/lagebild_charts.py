"""Server-rendered SVG charts for the lead's view: stacked columns (per month) and stacked horizontal bars.

No script, no library: a chart is a few rects in a viewBox that scales with the page. Each chart is `role="img"`
labelled by its section's heading; the numbers are in the table beside it (the chart adds nothing a screen
reader would miss). Colours come from one palette with enough contrast against white (WCAG 1.4.11, 3:1).
"""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

# Okabe-Ito inspired, darkened where needed for 3:1 against white; distinguishable with colour-vision deficiency.
PALETTE = ("#0b5fa5", "#c25400", "#00795c", "#a3297a", "#5a5a5a", "#8a6d00", "#2f8fce", "#d35b5b", "#4d7f2a",
           "#6b4fa0", "#9c5a2c")


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def columns(categories: Sequence[str], series: Sequence[Sequence[float]], *, labelled_by: str,
            width: int = 640, height: int = 220) -> Markup:
    """Stacked columns: one per category (month), one stacked part per series."""
    top = _nice_max(max((sum(s[i] for s in series) for i in range(len(categories))), default=0))
    left, bottom, n = 40, 30, max(len(categories), 1)
    plot_w, plot_h = width - left - 8, height - bottom - 10
    slot = plot_w / n
    parts = [f'<svg class="lb-svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{escape(labelled_by)}"'
             f' preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 8}" y2="{10 + plot_h}" class="axis"/>',
             f'<text x="{left - 6}" y="14" class="tick" text-anchor="end">{_short(top)}</text>',
             f'<text x="{left - 6}" y="{10 + plot_h}" class="tick" text-anchor="end">0</text>']
    for i, category in enumerate(categories):
        y: float = 10 + plot_h
        for k, values in enumerate(series):
            h = plot_h * values[i] / top
            if h > 0:
                y -= h
                parts.append(f'<rect x="{left + i * slot + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}"'
                             f' height="{h:.1f}" fill="{colour(k)}"/>')
        if n <= 12 or i % 2 == 0:
            parts.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{height - 10}" class="tick"'
                         f' text-anchor="middle">{escape(category)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(labels: Sequence[str], series: Sequence[Sequence[float]], *, labelled_by: str, width: int = 520,
         top: float | None = None, suffix: str = "", totals: Sequence[str] | None = None) -> Markup:
    """Stacked horizontal bars, one row per label; `totals` are the texts written after each bar."""
    row_h, label_w, text_w = 26, 235, 75
    height = row_h * max(len(labels), 1) + 4
    maximum = top if top is not None else _nice_max(
        max((sum(s[i] for s in series) for i in range(len(labels))), default=0))
    plot_w = width - label_w - text_w
    parts = [f'<svg class="lb-svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{escape(labelled_by)}"'
             f' preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">']
    for i, label in enumerate(labels):
        y = 2 + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" class="tick" text-anchor="end">'
                     f'{escape(_cut(label))}</text>')
        x = float(label_w)
        for k, values in enumerate(series):
            w = plot_w * values[i] / maximum if maximum else 0
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{colour(k)}"/>')
                x += w
        text = totals[i] if totals is not None else _short(sum(s[i] for s in series))
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 17}" class="tick">{escape(text)}{escape(suffix)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def legend(names: Sequence[str]) -> Markup:
    # A presentation attribute, not a style attribute: the Content-Security-Policy allows no inline styles.
    items = "".join(f'<li><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12"'
                    f' fill="{colour(i)}"/></svg>{escape(name)}</li>' for i, name in enumerate(names))
    return Markup(f'<ul class="legend">{items}</ul>')


def _cut(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _short(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
