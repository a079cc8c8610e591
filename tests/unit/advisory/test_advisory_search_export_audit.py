"""Issue 16 in fast tests: the search parameter, the export files, and the audit log's retention."""
from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest

from services.advisory.adapters.queue import QueueQuery, list_sql
from services.advisory.domain.audit import pseudonymise_cutoff
from services.advisory.entrypoints.queue_filters import BadQuery, parse_queue_query
from services.advisory.presentation.i18n import translate
from services.advisory.presentation.queue_export import chosen_columns, table, to_csv, to_xlsx
from services.advisory.use_cases.pseudonymise_audit import pseudonymise_expired_audit
from shared.clock import FrozenClock

from .fakes import FakeAuditRetention


def test_search_words_are_normalised_and_bad_ones_refused() -> None:
    assert parse_queue_query({"q": "  Bergische   Leichtbau "}).search == "Bergische Leichtbau"
    assert parse_queue_query({"q": "   "}).search is None
    for bad in ("x" * 201, "a\x00b", "a\u202eb"):
        with pytest.raises(BadQuery, match="q"):
            parse_queue_query({"q": bad})


def test_search_is_bound_as_parameters_and_ranks_before_the_chosen_order() -> None:
    sql, args = list_sql(QueueQuery(status="open", search="Robert'); DROP TABLE cases;--", limit=10), me=None)
    assert "DROP" not in sql and "Robert" in str(args)
    assert "websearch_to_tsquery('german'" in sql and "<% search_name" in sql
    order = sql.split("ORDER BY")[1]
    assert order.index("DESC") < order.index("sla_due_at")
    assert args[-2:] == [10, 0] and f"LIMIT ${len(args) - 1} OFFSET ${len(args)}" in sql
    assert "websearch" not in list_sql(QueueQuery(), me=None)[0]


ROWS = [{"reference": "DN-2026-000001", "company_name": "Müller & Söhne GmbH", "status": "open", "band": "A",
         "readiness": 71.5, "kreis": "Solingen", "assignee": uuid.UUID(int=1),
         "opened_at": datetime(2026, 3, 2, 8, 0, tzinfo=UTC)},
        {"reference": "DN-2026-000002", "company_name": "=HYPERLINK(\"http://evil\")", "status": "closed",
         "band": None, "readiness": None, "kreis": "Bonn", "assignee": None, "opened_at": None}]


def _table(lang: str) -> tuple[list[str], list[list[object]]]:
    return table(ROWS, chosen_columns([]), t=lambda key, **v: translate(lang, key, **v),
                 names={uuid.UUID(int=1): "Anna Berg"})


def test_csv_opens_in_excel_with_umlauts_and_no_formulas() -> None:
    data = to_csv(*_table("de"))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Aktenzeichen", "Unternehmen", "Status"]
    assert rows[1][1] == "Müller & Söhne GmbH" and rows[1][2] == "offen" and rows[1][6] == "Anna Berg"
    assert rows[1][7] == "2026-03-02T09:00+01:00"  # Berlin time, as the page shows it
    assert rows[2][1].startswith("'=")


def test_xlsx_has_the_chosen_columns_in_the_readers_language() -> None:
    header, body = table(ROWS, chosen_columns(["company_name", "reference", "opened_at"]),
                         t=lambda key, **v: translate("en", key, **v), names={})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(header, body, sheet="Queue")))
    ws = book["Queue"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == ["Reference", "Company", "Opened"]
    assert values[1][:2] == ["DN-2026-000001", "Müller & Söhne GmbH"] and values[1][2] == datetime(2026, 3, 2, 9, 0)
    assert values[2][1] == "=HYPERLINK(\"http://evil\")" and ws.cell(3, 2).data_type == "s"  # text, not a formula


def test_unknown_export_column_is_named() -> None:
    with pytest.raises(ValueError, match="password_hash"):
        chosen_columns(["reference", "password_hash"])


async def test_audit_actor_pseudonymised_after_retention_never_deleted() -> None:
    clock = FrozenClock()
    now = clock.now()
    old = [{"at": now - timedelta(days=400 + i), "actor": "anna@example.org", "actor_id": uuid.UUID(int=7),
            "pseudonymised_at": None} for i in range(3)]
    recent = {"at": now - timedelta(days=10), "actor": "ben@example.org", "actor_id": None, "pseudonymised_at": None}
    store = FakeAuditRetention(entries=[*old, recent])
    assert await pseudonymise_expired_audit(store, clock=clock, retention_days=365, key="k") == 3
    assert len(store.entries) == 4 and recent["actor"] == "ben@example.org"
    assert {e["actor"] for e in old} == {old[0]["actor"]} and old[0]["actor"].startswith("pseudonym-")
    assert all(e["actor_id"] is None and e["pseudonymised_at"] == now for e in old)
    assert await pseudonymise_expired_audit(store, clock=clock, retention_days=365, key="k") == 0


def test_retention_cutoff() -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    assert pseudonymise_cutoff(now, retention_days=30) == now - timedelta(days=30)
    with pytest.raises(ValueError):
        pseudonymise_cutoff(now, retention_days=0)
