"""The lead's view (Lagebild) on real PostgreSQL: a month of cases the test seeds and computes itself.

Cases arrive through events; one is claimed, introduced and accepted by its partner through the real routes
(first acceptance stamped on the case), another breaches its SLA through the real poller (breach stamped). Then the
test moves the month's cases into March 2026 with stage times it chooses, and one case into April (outside the
period), and compares the page and the query's figures with its own arithmetic.
"""
from __future__ import annotations

import re
import statistics
from datetime import UTC, datetime, timedelta

from lxml import html

from services.advisory.adapters.case_store import unit_of_work
from services.advisory.adapters.lagebild import lagebild_counts
from services.advisory.domain import lagebild as lb
from services.advisory.use_cases.escalate_sla import fire_due_escalations
from shared.clock import SystemClock
from shared.contracts import subjects

from .workbench_support import BASE_URL, Workbench

MARCH = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
RUNNING = (datetime.now(UTC) - MARCH).total_seconds() / 3600 + 24 * 30  # due a month from now


async def _introduce_and_accept(bench: Workbench, client, case_id) -> None:  # type: ignore[no-untyped-def]
    assert (await client.post(f"/api/v1/cases/{case_id}/claim")).status_code == 200
    r = await client.post(f"/api/v1/cases/{case_id}/introductions", json={"partner_ids": ["defence-nrw"]})
    assert r.status_code == 201, r.text
    [event] = [e for e in await bench.outbox(subjects.INTRODUCTION_APPROVED) if e["payload"]["case_id"] == str(case_id)]
    partner = event["payload"]["partners"][0]
    token = partner["accept_url"].split("token=")[1].split("&")[0]
    r = await client.post(f"/introductions/{partner['introduction_id']}", data={"token": token, "answer": "accept"})
    assert r.status_code in (200, 303), r.text


async def _breach(bench: Workbench, case_id) -> None:  # type: ignore[no-untyped-def]
    await bench.pool.execute("UPDATE cases SET sla_warn_at = now() - interval '1 minute', sla_due_at = now() -"
                             " interval '1 second', escalation_next_at = now() - interval '1 second' WHERE id = $1",
                             case_id)
    async with unit_of_work(bench.pool) as uow:
        assert await fire_due_escalations(uow, clock=SystemClock(), ui_base_url=BASE_URL) >= 1


async def _place(bench: Workbench, case_id, *, arrived: datetime, stages: list[float | None],  # type: ignore[no-untyped-def]
                 due_after_h: float, status: str | None = None) -> None:
    """Arrival and the hours each stage took (None: not reached); the SLA due `due_after_h` after opening."""
    times: list[datetime | None] = [arrived]
    for hours in stages:
        times.append(None if hours is None or times[-1] is None else times[-1] + hours * HOUR)
    submitted, opened, claimed, introduced, accepted = times
    await bench.pool.execute(
        "UPDATE cases SET created_at = $2, submitted_at = $2, opened_at = $3, first_claimed_at = $4,"
        " first_introduced_at = $5, first_accepted_at = $6,"
        " sla_due_at = $3::timestamptz + $7::float8 * interval '1 hour',"
        " status = coalesce($8, status) WHERE id = $1",
        case_id, submitted, opened, claimed, introduced, accepted, due_after_h, status)
    await bench.pool.execute("UPDATE introductions SET created_at = $2, answered_at = $3 WHERE case_id = $1",
                             case_id, introduced, accepted)


async def test_lead_view_shows_the_figures_of_a_seeded_month(bench: Workbench) -> None:
    solingen = await bench.seed_cases(3, kreis="Solingen")          # RB Düsseldorf
    bonn = await bench.seed_cases(2, kreis="Bonn")                  # RB Köln
    borken = await bench.seed_case(kreis="Kreis Borken")            # RB Münster, placed in April
    lead = await bench.login("lagebild-lead@example.org", role="lead", name="Lea Lead")
    advisor = await bench.login("lagebild-advisor@example.org", name="Ada Advisor")

    accepted_case, breached_case = solingen[0]["id"], bonn[0]["id"]
    await _introduce_and_accept(bench, lead, accepted_case)
    await _breach(bench, breached_case)
    stamped = await bench.pool.fetchrow("SELECT (SELECT first_accepted_at FROM cases WHERE id = $1) AS a,"
                                        " (SELECT sla_breached_at FROM cases WHERE id = $2) AS b",
                                        accepted_case, breached_case)
    assert stamped["a"] is not None and stamped["b"] is not None  # stamped by the real answer and poller
    assert (await advisor.post(f"/api/v1/cases/{solingen[1]['id']}/claim")).status_code == 200

    # The month: stage hours (assessed, claimed, introduced, accepted) the test chooses.
    plan = {
        accepted_case: ([0.5, 4, 30, 50], 120.0, "introduced"),      # met: introduced, no breach
        solingen[1]["id"]: ([1.5, 10, None, None], RUNNING, None),     # claimed, clock still running
        solingen[2]["id"]: ([0.25, None, None, None], RUNNING, None),  # open, clock still running
        bonn[0]["id"]: ([2, 20, 80, None], 24.0, "introduced"),      # missed: breach recorded
        bonn[1]["id"]: ([1, 6, None, None], 48.0, "closed"),         # met: closed in time
    }
    for i, (case_id, (stages, due_h, status)) in enumerate(plan.items()):
        await _place(bench, case_id, arrived=MARCH + timedelta(days=3 * i), stages=stages, due_after_h=due_h,
                     status=status)
    await _place(bench, borken["id"], arrived=datetime(2026, 4, 3, 9, tzinfo=UTC), stages=[1, 2, 3, None],
                 due_after_h=120.0, status="introduced")

    # What the test expects, from its own plan.
    def median_h(stage: int) -> float:
        return statistics.median(s[stage] for s, _, _ in plan.values() if s[stage] is not None)

    period = lb.parse_period("2026-03", "2026-03", today=datetime.now(UTC).date())
    cohorts, durations, advisors, partners = await lagebild_counts(bench.pool, period)
    figures = lb.build(period, cohorts, durations, open_per_advisor=advisors, partners=partners)
    assert [(s.key, s.count) for s in figures.funnel] == [("enquiries", 5), ("cases", 5), ("introduced", 2),
                                                           ("accepted", 1)]
    assert figures.by_region["Düsseldorf"] == [3] and figures.by_region["Köln"] == [2]
    assert figures.by_region["Münster"] == [0]  # April is outside the period
    assert figures.sla == lb.Attainment(met=2, missed=1)
    for i, stage in enumerate(lb.STAGES):
        got = figures.medians_s[stage]
        assert got is not None and abs(got / 3600 - median_h(i)) <= lb.BUCKET_S / 2 / 3600, stage
    assert dict(advisors) == {"Ada Advisor": 1}  # the lead's introduced case is no longer open

    page = await lead.get("/lagebild", params={"from": "2026-03", "to": "2026-03", "lang": "de"})
    assert page.status_code == 200
    doc = html.fromstring(page.text)

    def cells(table: str) -> list[list[str]]:
        return [[c.text_content().strip() for c in tr.xpath("./th|./td")] for tr in doc.get_element_by_id(table)
                .xpath(".//tbody/tr")]

    assert cells("funnel") == [["Anfragen eingegangen", "5", "–", "100,0 %"],
                               ["Vorgänge eröffnet (bewertet)", "5", "100,0 %", "100,0 %"],
                               ["Partnern vorgestellt", "2", "40,0 %", "40,0 %"],
                               ["von einem Partner angenommen", "1", "50,0 %", "20,0 %"]]
    assert doc.get_element_by_id("sla-overall").text_content().strip() == "66,7 % innerhalb der Frist (2 von 3)"
    assert cells("by-region") == [["März 26", "3", "2", "5"]]
    assert ["Solingen", "Düsseldorf", "3"] in cells("by-kreis") and ["Bonn", "Köln", "2"] in cells("by-kreis")
    medians = cells("medians")
    for row, stage in zip(medians, range(4), strict=True):
        shown = float(re.sub(r"[^0-9,]", "", row[1]).replace(",", ".")) * (24 if "Tage" in row[1] else 1)
        assert abs(shown - median_h(stage)) <= (0.2 if "Std." in row[1] else 2.5), (row, median_h(stage))
    assert cells("open-per-advisor") == [["Ada Advisor", "1"]]
    assert cells("partners")[0][1:] == ["1", "0"]
    assert "<svg" in page.text and "<script>" not in page.text

    # The triggers only appended delta rows (several per key by now), and the page above already summed them.
    # Per key, they equal a recount from the cases themselves; folding leaves one row per key with the same sums.
    tables = (("lagebild_cohorts", "month, sector, kreis",
               "sum(enquiries), sum(cases), sum(introduced), sum(accepted), sum(sla_met), sum(sla_missed)",
               "sum(enquiries) <> 0"),
              ("lagebild_durations", "month, stage, bucket", "sum(n)", "sum(n) <> 0"),
              ("lagebild_partners", "month, partner_id", "sum(accepted), sum(declined)",
               "sum(accepted) + sum(declined) <> 0"))

    async def rollups() -> list[list[tuple[object, ...]]]:
        return [sorted(tuple(r) for r in await bench.pool.fetch(
                    f"SELECT {key}, {sums} FROM {t} GROUP BY {key} HAVING {nonzero}"))
                for t, key, sums, nonzero in tables]

    async def rows_per_key() -> int:
        return int(await bench.pool.fetchval(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM lagebild_cohorts GROUP BY month, sector, kreis) k"))

    kept = await rollups()
    assert await rows_per_key() > 1, "the triggers should append deltas, not update a shared row"
    assert await bench.pool.fetchval("SELECT lagebild_fold()") > 0
    assert await rows_per_key() == 1 and await rollups() == kept
    await bench.pool.execute("SELECT lagebild_rebuild()")
    assert await rollups() == kept and kept[0] and kept[1] and kept[2]

    # Roles: an advisor may not open the view; a bad period falls back to the default with a notice.
    assert (await advisor.get("/lagebild")).status_code == 403
    fallback = await lead.get("/lagebild", params={"from": "2026-05", "to": "2026-01"})
    assert fallback.status_code == 200 and 'id="bad-period"' in fallback.text
