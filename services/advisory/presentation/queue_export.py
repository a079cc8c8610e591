"""The filtered queue as a file for the monthly report: CSV (UTF-8 with BOM, so Excel opens umlauts) or XLSX.

Headers and status names in the reader's language; dates as dates (XLSX) or ISO 8601 (CSV). XLSX is written by
XlsxWriter in constant-memory mode: it only writes (all we need), streams rows and has no dependencies.
"""
from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import xlsxwriter

BERLIN = ZoneInfo("Europe/Berlin")

# column -> text key of its header; the order is the file's order whatever order the columns were chosen in
COLUMNS: dict[str, str] = {
    "reference": "export.col.reference", "company_name": "export.col.company_name", "status": "export.col.status",
    "band": "export.col.band", "readiness": "export.col.readiness", "open_gates": "export.col.open_gates",
    "priority": "export.col.priority", "kreis": "export.col.kreis", "regierungsbezirk": "export.col.regierungsbezirk",
    "sector": "export.col.sector", "top_areas": "export.col.top_areas", "assignee": "export.col.assignee",
    "opened_at": "export.col.opened_at", "sla_due_at": "export.col.sla_due_at",
}
DEFAULT_COLUMNS = ("reference", "company_name", "status", "band", "readiness", "kreis", "assignee", "opened_at")
FORMATS = {"csv": ("text/csv; charset=utf-8", "csv"),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")}


def chosen_columns(requested: Sequence[str]) -> list[str]:
    """The requested columns in file order; ValueError names an unknown one; none requested: the defaults."""
    unknown = [c for c in requested if c not in COLUMNS]
    if unknown:
        raise ValueError(unknown[0])
    wanted = set(requested) or set(DEFAULT_COLUMNS)
    return [c for c in COLUMNS if c in wanted]


def _value(row: Mapping[str, Any], column: str, *, t: Callable[..., str], names: Mapping[Any, str]) -> Any:
    value = row.get(column)
    if column == "status" and value:
        return t(f"status.{value}")
    if column == "assignee":
        return names.get(value, "") if value else ""
    if column == "top_areas":
        return ", ".join(value or [])
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(BERLIN)  # as the page shows it
    return "" if value is None else value


def table(rows: Sequence[Mapping[str, Any]], columns: list[str], *, t: Callable[..., str],
          names: Mapping[Any, str]) -> tuple[list[str], list[list[Any]]]:
    header = [t(COLUMNS[c]) for c in columns]
    return header, [[_value(r, c, t=t, names=names) for c in columns] for r in rows]


def to_csv(header: list[str], body: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # Excel in German locales splits on ';'
    writer.writerow(header)
    for row in body:
        writer.writerow([v.isoformat(timespec="minutes") if isinstance(v, datetime) else _no_formula(v)
                         for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _no_formula(value: Any) -> Any:
    # A company name like "=HYPERLINK(...)" must stay text in Excel (CSV injection, OWASP).
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_xlsx(header: list[str], body: list[list[Any]], *, sheet: str) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "remove_timezone": True})
    ws = book.add_worksheet(sheet[:31])
    bold, when = book.add_format({"bold": True}), book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(0, 0, header, bold)
    for r, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                ws.write_datetime(r, c, value, when)
            else:
                ws.write(r, c, value)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(body), 1), max(len(header) - 1, 0))
    book.close()
    return out.getvalue()
