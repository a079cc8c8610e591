"""The lead's view as the template reads it: localised labels and numbers, and the charts beside the tables."""
from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from ..domain.lagebild import FUNNEL, OUTSIDE, STAGES, Lagebild, add_months
from . import lagebild_charts as charts
from .case_page import number
from .i18n import translate


def month_label(d: date, lang: str) -> str:
    return format_date(d, "MMM yy", locale=lang)


def month_choices(today: date, lang: str, *, months: int = 48) -> list[tuple[str, str]]:
    """The months a period may start or end in (newest first), as `<select>` options: value YYYY-MM, a label in
    the reader's language (a native month input would speak the browser's language, not the page's)."""
    first = date(today.year, today.month, 1)
    out = []
    for i in range(months):
        d = add_months(first, -i)
        out.append((d.strftime("%Y-%m"), format_date(d, "MMMM yyyy", locale=lang)))
    return out


def duration_text(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return translate(lang, "lagebild.none")
    hours = seconds / 3600
    if hours < 48:
        return translate(lang, "lagebild.hours", n=number(hours, lang, "#,##0.0"))
    return translate(lang, "lagebild.days", n=number(hours / 24, lang, "#,##0.0"))


def percent(share: float | None, lang: str) -> str:
    return translate(lang, "lagebild.none") if share is None else number(share * 100, lang, "#,##0.0") + " %"


def region_text(region: str, lang: str) -> str:
    return translate(lang, "lagebild.outside") if region == OUTSIDE else region


def sector_text(sector: str, lang: str) -> str:
    key = f"sector.{sector}"
    text = translate(lang, key)
    return translate(lang, "sector.other") if text == key else text


def view(lb: Lagebild, lang: str) -> dict[str, Any]:
    months = [month_label(m, lang) for m in lb.months]
    n = lambda v: number(v, lang, "#,##0")  # noqa: E731 - a local shorthand for the many counts below
    sectors = [sector_text(s, lang) for s in lb.sectors]
    regions = [r for r in lb.by_region if sum(lb.by_region[r])]
    funnel = [{"label": translate(lang, f"lagebild.funnel.{s.key}"), "count": n(s.count),
               "of_previous": percent(s.of_previous, lang), "of_first": percent(s.of_first, lang)}
              for s in lb.funnel]
    stages = [{"label": translate(lang, f"lagebild.stage.{s}"), "median": duration_text(lb.medians_s[s], lang),
               "count": n(lb.stage_counts[s])} for s in STAGES]
    sla_rows = [{"month": m, "met": n(a.met), "missed": n(a.missed), "share": percent(a.share, lang)}
                for m, a in zip(months, lb.sla_by_month, strict=True)]
    return {
        "months": months, "total": n(lb.total),
        "sector_rows": [{"month": m, "values": [n(lb.by_sector[s][i]) for s in lb.sectors],
                         "total": n(sum(lb.by_sector[s][i] for s in lb.sectors))} for i, m in enumerate(months)],
        "sectors": sectors,
        "sector_chart": charts.columns(months, [lb.by_sector[s] for s in lb.sectors], labelled_by="h-sector"),
        "sector_legend": charts.legend(sectors),
        "regions": [region_text(r, lang) for r in regions],
        "region_rows": [{"month": m, "values": [n(lb.by_region[r][i]) for r in regions],
                         "total": n(sum(lb.by_region[r][i] for r in regions))} for i, m in enumerate(months)],
        "region_chart": charts.columns(months, [lb.by_region[r] for r in regions], labelled_by="h-region"),
        "region_legend": charts.legend([region_text(r, lang) for r in regions]),
        "kreis_rows": [{"region": region_text(r, lang), "kreis": region_text(k, lang), "count": n(c)}
                       for r, k, c in lb.by_kreis],
        "funnel": funnel,
        "funnel_chart": charts.bars([f["label"] for f in funnel], [[s.count for s in lb.funnel]],
                                    labelled_by="h-funnel", totals=[f["count"] for f in funnel]),
        "stages": stages,
        "stage_chart": charts.bars([s["label"] for s in stages],
                                   [[(lb.medians_s[s] or 0) / 3600 for s in STAGES]], labelled_by="h-medians",
                                   totals=[s["median"] for s in stages]),
        "sla_overall": translate(lang, "lagebild.sla.overall", share=percent(lb.sla.share, lang),
                                 met=n(lb.sla.met), decided=n(lb.sla.met + lb.sla.missed)),
        "sla_rows": sla_rows,
        "sla_chart": charts.columns(months, [[a.met for a in lb.sla_by_month], [a.missed for a in lb.sla_by_month]],
                                    labelled_by="h-sla"),
        "sla_legend": charts.legend([translate(lang, "lagebild.sla.met"), translate(lang, "lagebild.sla.missed")]),
        "open_rows": [{"name": name, "count": n(c)} for name, c in lb.open_per_advisor],
        "open_chart": charts.bars([name for name, _ in lb.open_per_advisor],
                                  [[c for _, c in lb.open_per_advisor]], labelled_by="h-open",
                                  totals=[n(c) for _, c in lb.open_per_advisor]),
        "partner_rows": [{"name": name, "accepted": n(a), "declined": n(d)} for name, a, d in lb.partners],
        "partner_chart": charts.bars([name for name, _, _ in lb.partners],
                                     [[a for _, a, _ in lb.partners], [d for _, _, d in lb.partners]],
                                     labelled_by="h-partners",
                                     totals=[f"{n(a)} / {n(d)}" for _, a, d in lb.partners]),
        "partner_legend": charts.legend([translate(lang, "lagebild.accepted"),
                                         translate(lang, "lagebild.declined")]),
        "funnel_keys": FUNNEL,
    }
