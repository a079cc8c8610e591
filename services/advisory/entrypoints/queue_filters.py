"""The queue's filters from a query string or a saved view, validated into the adapter's `QueueQuery`."""
from __future__ import annotations

from collections.abc import Mapping

from shared.contracts.vocab import NRW_KREISE, NRW_REGIONS

from ..adapters.case_search import MAX_SEARCH_LENGTH
from ..adapters.queue import ORDERS, QueueQuery

STATUSES = ("open", "claimed", "waiting_for_company", "introduced", "closed", "awaiting_assessment")
FILTER_KEYS = ("q", "status", "band", "area", "region", "assignee", "gates_open", "overdue", "sort")


class BadQuery(ValueError):
    pass


def _flag(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "on", "yes")


def parse_queue_query(params: Mapping[str, str], *, max_limit: int = 200) -> QueueQuery:
    """Validate the filters from a query string (or a saved view); BadQuery names the offending one."""
    status = params.get("status") or None
    band = params.get("band") or None
    area = params.get("area") or None
    region = params.get("region") or None
    assignee = params.get("assignee") or "anyone"
    sort = params.get("sort") or "due"
    search = " ".join((params.get("q") or "").split()) or None
    if search and (len(search) > MAX_SEARCH_LENGTH or not search.isprintable()):
        raise BadQuery("q")
    if status and status not in STATUSES:
        raise BadQuery("status")
    if band and band not in ("A", "B", "C"):
        raise BadQuery("band")
    if area and not (len(area) == 4 and area.startswith("CA") and area[2:].isdigit()):
        raise BadQuery("area")
    if region and region not in NRW_REGIONS and region not in NRW_KREISE:
        raise BadQuery("region")
    if assignee not in ("me", "unassigned", "anyone"):
        raise BadQuery("assignee")
    if sort not in ORDERS:
        raise BadQuery("sort")
    try:
        limit = int(params.get("limit") or 50)
        offset = int(params.get("offset") or 0)
    except ValueError as exc:
        raise BadQuery("limit") from exc
    if not (1 <= limit <= max_limit) or not (0 <= offset <= 1_000_000):
        raise BadQuery("limit")
    return QueueQuery(status=status, band=band, area=area, region=region, assignee=assignee,
                      gates_open=_flag(params.get("gates_open")), overdue=_flag(params.get("overdue")),
                      search=search, sort=sort, limit=limit, offset=offset)
