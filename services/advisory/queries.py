"""The read side shared by the JSON API and the HTML pages: the queue page and one case with everything on it."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import asyncpg

from shared.contracts.vocab import NRW_KREISE, NRW_REGIONS

from .adapters import cases as repo
from .adapters import views
from .adapters.queue import ORDERS, QueueQuery
from .domain.rules import next_best_partner

STATUSES = ("open", "claimed", "waiting_for_company", "introduced", "closed", "awaiting_assessment")
FILTER_KEYS = ("status", "band", "area", "region", "assignee", "gates_open", "overdue", "sort")


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
                      sort=sort, limit=limit, offset=offset)


async def case_detail(conn: asyncpg.Connection, case_id: uuid.UUID) -> dict[str, Any] | None:
    row = await repo.get_case(conn, case_id)
    if row is None:
        return None
    case = dict(row)
    case["timeline"] = [dict(e) for e in await repo.timeline(conn, case_id)]
    case["introductions"] = await views.introductions(conn, case_id)
    asked = {i["partner_id"] for i in case["introductions"]}
    recommended = (case["assessment"] or {}).get("recommended_partners", [])
    # After a decline the advisor is offered the best partner not asked yet (B4.4: no introduction ping-pong).
    case["next_best_partner"] = next_best_partner(recommended, case["consents"] or {}, asked)
    if case["assignee"]:
        case["assignee_name"] = await conn.fetchval("SELECT name FROM advisors WHERE id = $1", case["assignee"])
    return case
