"""The lead's view (Lagebild): period, Regierungsbezirk mapping, medians from buckets, funnel, SLA attainment."""
from __future__ import annotations

import statistics
from datetime import date

import pytest

from services.advisory.domain import lagebild as lb
from services.advisory.presentation.lagebild_page import duration_text, view
from services.intake.presentation.choices import build_choices
from shared.contracts.vocab import NRW_REGIONS, OUTSIDE_NRW
from shared.taxonomy import load_partner_directory, load_taxonomy


def test_every_kreis_the_form_offers_maps_to_its_regierungsbezirk() -> None:
    choices = build_choices(taxonomy=load_taxonomy(), partners=load_partner_directory(), lang="de")
    offered = [(rb, k) for rb, kreise in choices.regions for k in kreise]
    assert len(offered) == 53  # the 22 kreisfreie Städte, 31 Kreise (Städteregion Aachen among them) of NRW
    for rb, kreis in offered:
        assert lb.region_of(kreis) == rb, kreis
    assert set(NRW_REGIONS) == {"Düsseldorf", "Köln", "Münster", "Detmold", "Arnsberg"}
    assert lb.region_of(OUTSIDE_NRW) == lb.region_of(None) == lb.region_of("Landkreis Harburg") == lb.OUTSIDE


def test_period_defaults_to_the_last_twelve_months_and_refuses_nonsense() -> None:
    p = lb.parse_period(None, None, today=date(2026, 12, 4))
    assert (p.start, p.end, p.until) == (date(2026, 1, 1), date(2026, 12, 1), date(2027, 1, 1))
    assert len(p.months()) == 12
    assert lb.parse_period("2025-11", "2026-02", today=date(2026, 12, 4)).months() == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    for start, end in (("2026-05", "2026-04"), ("2020-01", "2026-01"), ("2026-13", None), ("soon", None)):
        with pytest.raises(lb.BadPeriod):
            lb.parse_period(start, end, today=date(2026, 12, 4))


@pytest.mark.parametrize("values", [[3600], [3600, 7200], [100, 2000, 2000, 50_000, 90_000], list(range(0, 9000, 450))])
def test_median_from_buckets_is_the_exact_median_to_half_a_bucket(values: list[int]) -> None:
    buckets: dict[int, int] = {}
    for v in values:
        buckets[v // lb.BUCKET_S] = buckets.get(v // lb.BUCKET_S, 0) + 1
    got = lb.median_from_buckets(buckets)
    assert got is not None and abs(got - statistics.median(values)) <= lb.BUCKET_S / 2
    assert lb.median_from_buckets({}) is None


def _row(month: date, **kw: object) -> lb.CohortRow:
    base: dict[str, object] = {"month": month, "sector": "aerospace", "kreis": "Solingen", "enquiries": 0, "cases": 0,
                               "introduced": 0, "accepted": 0, "sla_met": 0, "sla_missed": 0}
    return lb.CohortRow(**(base | kw))  # type: ignore[arg-type]  # the test's keyword bag


def test_build_folds_kreise_into_regierungsbezirke_and_makes_funnel_and_attainment() -> None:
    period = lb.parse_period("2026-01", "2026-03", today=date(2026, 12, 4))
    jan, feb = date(2026, 1, 1), date(2026, 2, 1)
    figures = lb.build(period, [
        _row(jan, enquiries=10, cases=8, introduced=4, accepted=2, sla_met=3, sla_missed=1),
        _row(jan, kreis="Bonn", sector="electronics", enquiries=5, cases=5, introduced=1, sla_met=1),
        _row(feb, kreis=OUTSIDE_NRW, enquiries=5, cases=3),
        _row(date(2025, 12, 1), enquiries=99),  # outside the period: ignored
    ], [("claimed", 4, 2), ("claimed", 8, 1), ("assessed", 0, 3)], open_per_advisor=[("Anna", 3)],
        partners=[("P", 2, 1)])
    assert figures.by_region["Düsseldorf"] == [10, 0, 0] and figures.by_region["Köln"] == [5, 0, 0]
    assert figures.by_region[lb.OUTSIDE] == [0, 5, 0]
    assert figures.by_sector == {"aerospace": [10, 5, 0], "electronics": [5, 0, 0]}
    assert figures.sectors == ["aerospace", "electronics"]
    assert figures.by_kreis[0] == ("Düsseldorf", "Solingen", 10)
    assert [(s.key, s.count) for s in figures.funnel] == [("enquiries", 20), ("cases", 16), ("introduced", 5),
                                                           ("accepted", 2)]
    assert figures.funnel[1].of_previous == 0.8 and figures.funnel[3].of_first == 0.1
    assert figures.sla == lb.Attainment(4, 1) and figures.sla.share == 0.8
    assert figures.sla_by_month[1].share is None  # nothing decided in February
    assert figures.medians_s["claimed"] == 4.5 * lb.BUCKET_S and figures.medians_s["accepted"] is None
    assert figures.stage_counts["claimed"] == 3


def test_the_view_speaks_the_readers_language() -> None:
    period = lb.parse_period("2026-01", "2026-02", today=date(2026, 12, 4))
    figures = lb.build(period, [_row(date(2026, 1, 1), kreis=OUTSIDE_NRW, enquiries=1234, sla_met=1, sla_missed=2)],
                       [("claimed", 100, 1)], open_per_advisor=[], partners=[])
    de, en = view(figures, "de"), view(figures, "en")
    assert de["total"] == "1.234" and en["total"] == "1,234"
    assert de["regions"] == ["außerhalb NRW"] and en["regions"] == ["outside NRW"]
    assert de["sectors"] == ["Luft- und Raumfahrt"] and "33,3 %" in de["sla_overall"]
    assert de["months"] == ["Jan. 26", "Feb. 26"] and en["months"] == ["Jan 26", "Feb 26"]
    assert duration_text(100.5 * 900, "de") == "25,1 Std." and duration_text(5400, "en") == "1.5 h"
    assert duration_text(3 * 86400, "de") == "3,0 Tage" and duration_text(None, "de") == "–"
    assert "<svg" in str(de["sector_chart"]) and "<script" not in str(de["sector_chart"])
