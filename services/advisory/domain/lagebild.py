"""The lead's view (Lagebild, issue 16): the reporting period, and the figures made from the database's counts.

The database hands over small grouped counts (per month, sector and Kreis; stage durations in fixed buckets);
everything a cluster manager reads - Regierungsbezirk totals, the conversion funnel, medians, SLA attainment -
is computed here, without I/O, so it is tested in milliseconds.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from shared.contracts.vocab import NRW_REGIONS, OUTSIDE_NRW, regierungsbezirk

DEFAULT_MONTHS = 12
MAX_MONTHS = 36
# Stage durations arrive as counts per bucket of this many seconds: a median is then exact to half a bucket
# (7.5 minutes), and the database returns a few hundred rows instead of every case.
BUCKET_S = 900
STAGES = ("assessed", "claimed", "introduced", "accepted")  # each measured from the stage before
FUNNEL = ("enquiries", "cases", "introduced", "accepted")
OUTSIDE = "outside"  # the Regierungsbezirk key of enquiries from outside NRW (or without a Kreis)


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """Whole months, first day of `start` to the last day of `end` (inclusive)."""
    start: date  # the first day of the first month
    end: date    # the first day of the last month

    @property
    def until(self) -> date:
        """The first day after the period (the exclusive upper bound for queries)."""
        return add_months(self.end, 1)

    def months(self) -> list[date]:
        out, m = [], self.start
        while m <= self.end:
            out.append(m)
            m = add_months(m, 1)
        return out


def add_months(d: date, n: int) -> date:
    index = d.year * 12 + (d.month - 1) + n
    return date(index // 12, index % 12 + 1, 1)


def _month(text: str) -> date:
    try:
        year, month = text.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise BadPeriod(text) from None


def parse_period(start: str | None, end: str | None, *, today: date) -> Period:
    """`YYYY-MM` bounds from the GET parameters; missing ones default to the last DEFAULT_MONTHS months up to
    today's month. Reversed bounds or more than MAX_MONTHS months are refused."""
    last = _month(end) if end else date(today.year, today.month, 1)
    first = _month(start) if start else add_months(last, 1 - DEFAULT_MONTHS)
    if first > last or (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise BadPeriod(f"{first}..{last}")
    return Period(first, last)


def region_of(kreis: str | None) -> str:
    """The Regierungsbezirk of a Kreis, OUTSIDE for enquiries from outside NRW or without a Kreis."""
    if not kreis or kreis == OUTSIDE_NRW:
        return OUTSIDE
    return regierungsbezirk(kreis) or OUTSIDE


REGIONS = (*NRW_REGIONS, OUTSIDE)


@dataclass(frozen=True)
class CohortRow:
    """One group of enquiries: received in `month`, from `sector` and `kreis`, and how far they came."""
    month: date
    sector: str | None
    kreis: str | None
    enquiries: int
    cases: int
    introduced: int
    accepted: int
    sla_met: int
    sla_missed: int


@dataclass(frozen=True)
class FunnelStage:
    key: str
    count: int
    of_previous: float | None  # share of the stage before, 0..1
    of_first: float | None


@dataclass(frozen=True)
class Attainment:
    met: int
    missed: int

    @property
    def share(self) -> float | None:
        """Handled within the SLA, of those whose SLA is decided (met or missed); None when none is."""
        decided = self.met + self.missed
        return self.met / decided if decided else None


@dataclass
class Lagebild:
    period: Period
    months: list[date]
    sectors: list[str]
    by_sector: dict[str, list[int]]   # sector -> enquiries per month
    by_region: dict[str, list[int]]   # Regierungsbezirk -> enquiries per month
    by_kreis: list[tuple[str, str, int]]  # (Regierungsbezirk, Kreis, enquiries), most first
    funnel: list[FunnelStage]
    sla: Attainment
    sla_by_month: list[Attainment]
    medians_s: dict[str, float | None]
    stage_counts: dict[str, int]
    open_per_advisor: list[tuple[str, int]] = field(default_factory=list)
    partners: list[tuple[str, int, int]] = field(default_factory=list)  # name, accepted, declined

    @property
    def total(self) -> int:
        return self.funnel[0].count


def funnel(counts: Mapping[str, int]) -> list[FunnelStage]:
    out: list[FunnelStage] = []
    first = counts.get(FUNNEL[0], 0)
    previous: int | None = None
    for key in FUNNEL:
        n = counts.get(key, 0)
        out.append(FunnelStage(key, n, None if previous is None else (n / previous if previous else None),
                               n / first if first else None))
        previous = n
    return out


def median_from_buckets(buckets: Mapping[int, int], *, width_s: int = BUCKET_S) -> float | None:
    """The median in seconds of values counted per bucket (bucket b holds [b*width, (b+1)*width)): the midpoint
    of the bucket that holds the middle value; with an even count the mean of the two middle values' midpoints."""
    total = sum(buckets.values())
    if total == 0:
        return None
    wanted = [(total - 1) // 2, total // 2]  # 0-based ranks of the middle value(s)
    found: list[float] = []
    seen = 0
    for bucket in sorted(buckets):
        count = buckets[bucket]
        while wanted and wanted[0] < seen + count:
            found.append((bucket + 0.5) * width_s)
            wanted.pop(0)
        seen += count
    return sum(found) / len(found)


def build(period: Period, cohorts: Iterable[CohortRow], durations: Iterable[tuple[str, int, int]], *,
          open_per_advisor: list[tuple[str, int]], partners: list[tuple[str, int, int]]) -> Lagebild:
    """All figures of the view from the grouped counts (`durations`: stage, bucket, count)."""
    months = period.months()
    index = {m: i for i, m in enumerate(months)}
    by_sector: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    by_region: dict[str, list[int]] = {r: [0] * len(months) for r in REGIONS}
    by_kreis: dict[tuple[str, str], int] = defaultdict(int)
    met, missed = [0] * len(months), [0] * len(months)
    totals: dict[str, int] = defaultdict(int)
    for row in cohorts:
        i = index.get(row.month)
        if i is None:
            continue
        by_sector[row.sector or "other"][i] += row.enquiries
        region = region_of(row.kreis)
        by_region[region][i] += row.enquiries
        by_kreis[(region, row.kreis or OUTSIDE)] += row.enquiries
        met[i] += row.sla_met
        missed[i] += row.sla_missed
        for key in FUNNEL:
            totals[key] += getattr(row, key)
    buckets: dict[str, dict[int, int]] = {s: {} for s in STAGES}
    for stage, bucket, count in durations:
        if stage in buckets:
            buckets[stage][bucket] = buckets[stage].get(bucket, 0) + count
    sectors = sorted(by_sector, key=lambda s: (-sum(by_sector[s]), s))
    return Lagebild(
        period=period, months=months, sectors=sectors, by_sector=dict(by_sector), by_region=by_region,
        by_kreis=sorted(((r, k, n) for (r, k), n in by_kreis.items() if n), key=lambda x: (-x[2], x[1])),
        funnel=funnel(totals), sla=Attainment(sum(met), sum(missed)),
        sla_by_month=[Attainment(a, b) for a, b in zip(met, missed, strict=True)],
        medians_s={s: median_from_buckets(b) for s, b in buckets.items()},
        stage_counts={s: sum(b.values()) for s, b in buckets.items()},
        open_per_advisor=open_per_advisor, partners=partners)
