"""Seed advisory's `cases` table with N realistic cases by COPY (asyncpg `copy_records_to_table`).

Built against the columns of advisory's migration 0001. Columns added later are left to their defaults when
nullable or defaulted; a few known later columns (region, priority rank, SLA warning, top areas) are filled when
present, so the queue's indexes see realistic values. A NOT NULL column without default that we do not know
stops the seeding with a clear message rather than guessing.
"""
from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from shared.contracts.vocab import NRW_REGIONS, SectorOfOrigin, regierungsbezirk

CHUNK = 50_000
STATUSES = (("awaiting_assessment", 1), ("open", 12), ("claimed", 10), ("waiting_for_company", 5),
            ("introduced", 22), ("closed", 50))
BANDS = (("A", 20), ("B", 45), ("C", 35))
SECTORS = tuple(s.value for s in SectorOfOrigin)
PRIORITY = {"A": "high", "B": "normal", "C": "low"}
PRIORITY_RANK = {"high": 0, "normal": 1, "low": 2}
SLA_DAYS = {"high": 2, "normal": 5, "low": 10}
AREAS = [f"CA{i:02d}" for i in range(1, 10)]
ADVISORS = [uuid.UUID(int=0xBE7C0000 + i) for i in range(25)]
KREISE = sorted(k for ks in NRW_REGIONS.values() for k in ks)
# Industrial Kreise send more enquiries than rural ones: a Zipf-like weighting over a fixed shuffle.
KREIS_WEIGHTS = [1 / (rank + 1) ** 0.8 for rank in range(len(KREISE))]
# Names and evidence for the search (issue 16): made-up names from syllables (about 900,000 combinations, so a name
# is nearly unique as in a real register) and evidence of five words from a trade vocabulary (each word in ~6 %).
SYLLABLES = ("ber", "gis", "rhein", "sau", "mark", "lipp", "wup", "hag", "sol", "kre", "dor", "tal", "mün", "ster",
             "bie", "le", "feld", "haus", "stein", "bach", "berg", "wald", "ling", "hof", "dorf")
TRADES = ("Leichtbau", "Feinmechanik", "Optik", "Elektronik", "Gießerei", "Werkzeugbau", "Antriebstechnik",
          "Sensorik", "Kunststofftechnik", "Metallbau", "Oberflächentechnik", "Software")
FORMS = ("GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.")
EVIDENCE = ("Schweißen", "Fräsen", "Drehen", "Gießen", "Lackieren", "Härten", "Wärmebehandlung", "Kleinserie",
            "Serienfertigung", "Prototypen", "Aluminium", "Titan", "Kohlefaser", "Verbundwerkstoffe", "Sensoren",
            "Leiterplatten", "Kabelbäume", "Steuergeräte", "Software", "Bildverarbeitung", "Optiken", "Laser",
            "Beschichtung", "Prüfstände", "Zertifizierung", "Luftfahrt", "Fahrzeugbau", "Schienenfahrzeuge",
            "Medizintechnik", "Energietechnik", "Hydraulik", "Pneumatik", "Getriebe", "Motoren", "Batterien",
            "Leistungselektronik", "Funktechnik", "Antennen", "Simulation", "Konstruktion", "Montage", "Logistik",
            "Instandhaltung", "Reinraum", "Spritzguss", "Blechbearbeitung", "Additive", "Fertigung", "Messtechnik",
            "Qualitätssicherung", "Robotik", "Automatisierung", "Textilien", "Schutzausrüstung", "Panzerstahl",
            "Drohnen", "Nachtsicht", "Wärmebild", "Kryptografie", "Netzwerke", "Satelliten", "Radar", "Sonar",
            "Tarnung", "Keramik", "Gummi", "Dichtungen", "Lager", "Wellen", "Zahnräder", "Federn", "Schrauben",
            "Schmieden", "Stanzen", "Biegen", "Galvanik", "Eloxieren", "Pulverbeschichtung", "Kommissionierung")


def company_name(i: int) -> str:
    """The made-up name of case i (deterministic, so the bench can search for a known one)."""
    rng = random.Random(i * 7919)
    stem = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    return f"{stem} {rng.choice(TRADES)} {rng.choice(FORMS)}"


# Open work is recent; old cases are mostly introduced or closed.
ACTIVE = {"awaiting_assessment", "open", "claimed", "waiting_for_company"}
# The lead's view (Lagebild) reads the stage timestamps, the SLA breaches and the introductions' answers.
WORKED = {"claimed", "waiting_for_company", "introduced", "closed"}
PARTNERS = [(f"P{i:02d}", f"Partner {i:02d} GmbH") for i in range(1, 31)]
INTRO_STATUSES = (("accepted", 55), ("declined", 30), ("pending", 15))


def _pick(pairs: tuple[tuple[str, int], ...], rng: random.Random) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def case_row(i: int, rng: random.Random, now: datetime) -> dict[str, Any]:
    status, band = _pick(STATUSES, rng), _pick(BANDS, rng)
    open_gates = 0 if rng.random() < 0.6 else rng.randint(1, 3)
    priority = PRIORITY[band] if not open_gates or band == "A" else ("normal" if band == "C" else "high")
    age_days = rng.uniform(0, 30) if status in ACTIVE else rng.uniform(5, 3 * 365)
    opened = now - timedelta(days=age_days)
    due = opened + timedelta(days=SLA_DAYS[priority])
    kreis = rng.choices(KREISE, weights=KREIS_WEIGHTS)[0]
    reference = f"DN-{opened.year}-{i:06X}"
    awaiting = status == "awaiting_assessment"
    claimed = opened + timedelta(hours=rng.uniform(1, 96)) if status in WORKED else None
    introduced = (claimed + timedelta(hours=rng.uniform(4, 240))
                  if claimed and (status == "introduced" or (status == "closed" and rng.random() < 0.5)) else None)
    return {
        "id": uuid.uuid4(), "enquiry_id": uuid.uuid4(), "reference": reference, "correlation_id": reference,
        "status": status, "company_name": company_name(i), "kreis": kreis, "sector": rng.choice(SECTORS),
        "language": "de" if rng.random() < 0.85 else "en",
        "profile": json.dumps({"company": {"name": company_name(i), "kreis": kreis},
                               "competences": [{"evidence": " ".join(rng.sample(EVIDENCE, 5))}]}),
        "assessment": None if awaiting else json.dumps({"band": band, "open_gates": open_gates}),
        "assessment_revision": None if awaiting else 1, "band": None if awaiting else band,
        "readiness": None if awaiting else round(rng.uniform(10, 95), 1),
        "open_gates": None if awaiting else open_gates,
        "priority": None if awaiting else priority,
        "assignee": None if status in ("open", "awaiting_assessment") else rng.choice(ADVISORS),
        "sla_due_at": None if awaiting else due, "opened_at": None if awaiting else opened,
        "created_at": opened, "updated_at": opened,
        "submitted_at": opened - timedelta(minutes=rng.uniform(1, 90)),
        "first_claimed_at": claimed, "first_introduced_at": introduced,
        "first_accepted_at": None, "sla_breached_at": None,  # set by follow_ups
        # Later migrations' columns, used only where they exist:
        "regierungsbezirk": regierungsbezirk(kreis), "priority_rank": None if awaiting else PRIORITY_RANK[priority],
        "sla_warn_at": None if awaiting else due - timedelta(days=1),
        "top_areas": sorted(rng.sample(AREAS, rng.randint(1, 3))),
    }


async def seedable_columns(conn: asyncpg.Connection) -> list[str]:
    """The columns we fill: ours that exist; refuse unknown NOT NULL columns without default."""
    rows = await conn.fetch("SELECT column_name, is_nullable, column_default FROM information_schema.columns "
                            "WHERE table_name = 'cases' AND table_schema = current_schema()")
    known = set(case_row(0, random.Random(0), datetime.now(UTC)))
    blocking = [r["column_name"] for r in rows if r["column_name"] not in known
                and r["is_nullable"] == "NO" and r["column_default"] is None]
    if blocking:
        raise RuntimeError(f"cases has NOT NULL columns without default the seeder does not know: {blocking}")
    return [r["column_name"] for r in rows if r["column_name"] in known]


def follow_ups(row: dict[str, Any], rng: random.Random) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(introductions, sla_escalations) rows of a seeded case: 1-3 partners asked when it was introduced; a breach
    when the case was introduced after its due time, or for a few closed ones. Sets the row's first acceptance
    and breach times to match."""
    intros: list[tuple[Any, ...]] = []
    if row["first_introduced_at"] is not None:
        for partner_id, partner_name in rng.sample(PARTNERS, rng.randint(1, 3)):
            answer = _pick(INTRO_STATUSES, rng)
            at = row["first_introduced_at"]
            answered = None if answer == "pending" else at + timedelta(hours=rng.uniform(2, 200))
            intros.append((uuid.uuid4(), row["id"], partner_id, partner_name, "seeded", answer, ADVISORS[0], at,
                           answered))
            if answer == "accepted" and (row["first_accepted_at"] is None or answered < row["first_accepted_at"]):
                row["first_accepted_at"] = answered
    due = row["sla_due_at"]
    late = due is not None and (
        (row["first_introduced_at"] is not None and row["first_introduced_at"] > due)
        or (row["status"] == "closed" and row["first_introduced_at"] is None and rng.random() < 0.15))
    if late:
        row["sla_breached_at"] = due
    return intros, ([(row["id"], 1, "breach", due)] if late else [])


INTRO_COLUMNS = ["id", "case_id", "partner_id", "partner_name", "token_hash", "status", "approved_by", "created_at",
                 "answered_at"]
BREACH_COLUMNS = ["case_id", "period", "level", "fired_at"]
Chunk = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _chunks(n: int, columns: list[str], seed: int) -> Iterator[Chunk]:
    rng, now = random.Random(seed), datetime.now(UTC)
    for start in range(0, n, CHUNK):
        cases, intros, breaches = [], [], []
        for i in range(start, min(n, start + CHUNK)):
            row = case_row(i, rng, now)
            more_intros, more_breaches = follow_ups(row, rng)
            cases.append(tuple(row[c] for c in columns))
            intros += more_intros
            breaches += more_breaches
        yield cases, intros, breaches


async def seed(dsn: str, *, n: int, seed: int = 20261123) -> dict[str, Any]:
    import time

    conn = await asyncpg.connect(dsn)
    try:
        columns = await seedable_columns(conn)
        started = time.perf_counter()
        # The Lagebild's rollups (migration 0012) are kept by row triggers; a bulk load recounts them once instead.
        rollups = await conn.fetchval("SELECT to_regproc('lagebild_rebuild') IS NOT NULL")
        if rollups:
            await conn.execute("ALTER TABLE cases DISABLE TRIGGER USER; ALTER TABLE introductions DISABLE TRIGGER USER")
        for cases, intros, breaches in _chunks(n, columns, seed):
            await conn.copy_records_to_table("cases", records=cases, columns=columns)
            await conn.copy_records_to_table("introductions", records=intros, columns=INTRO_COLUMNS)
            await conn.copy_records_to_table("sla_escalations", records=breaches, columns=BREACH_COLUMNS)
        if rollups:
            await conn.execute("ALTER TABLE cases ENABLE TRIGGER USER; ALTER TABLE introductions ENABLE TRIGGER USER;"
                               " SELECT lagebild_rebuild()")
            # The search document (migration 0013) is kept by a trigger too: made once for the whole load.
            if await conn.fetchval("SELECT to_regproc('case_search_rebuild') IS NOT NULL"):
                await conn.execute("SELECT case_search_rebuild()")
        copy_s = time.perf_counter() - started
        # VACUUM sets the visibility map, so counts and pages can be index-only scans (as after autovacuum).
        for table in ("cases", "introductions", "sla_escalations", *(("lagebild_cohorts", "lagebild_durations",
                                                                      "lagebild_partners") if rollups else ()),
                      *(("case_search",) if await conn.fetchval("SELECT to_regclass('case_search') IS NOT NULL")
                        else ())):
            await conn.execute(f"VACUUM ANALYZE {table}")
        size = await conn.fetchval("SELECT pg_size_pretty(pg_total_relation_size('cases'))")
        by_status = {r["status"]: r["n"] for r in await conn.fetch(
            "SELECT status, count(*) AS n FROM cases GROUP BY status ORDER BY 2 DESC")}
    finally:
        await conn.close()
    return {"rows": n, "columns": columns, "copy_s": round(copy_s, 1), "rows_per_s": round(n / copy_s),
            "table_size_with_indexes": size, "by_status": by_status}
