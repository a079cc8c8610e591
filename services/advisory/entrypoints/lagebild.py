"""The lead's view (Lagebild, issue 16): one server-rendered page for leads and operators, period by GET."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from shared.dates import BERLIN

from ..adapters.lagebild import lagebild_counts
from ..dependencies import Deps, Live
from ..domain import lagebild
from ..presentation.lagebild_page import month_choices, view
from ..presentation.pages import language, render
from .security import CurrentSession, guard

router = APIRouter(tags=["lagebild"], dependencies=[Depends(guard)], include_in_schema=False)


@router.get("/lagebild")
async def lagebild_page(request: Request, session: CurrentSession, deps: Deps, runtime: Live) -> Response:
    """`from` and `to` are months (YYYY-MM); the default is the last 12."""
    today = deps.clock.now().astimezone(BERLIN).date()
    params = request.query_params
    try:
        period, bad = lagebild.parse_period(params.get("from"), params.get("to"), today=today), False
    except lagebild.BadPeriod:
        period, bad = lagebild.parse_period(None, None, today=today), True
    cohorts, durations, advisors, partners = await lagebild_counts(runtime.require_pool(), period)
    figures = lagebild.build(period, cohorts, durations, open_per_advisor=advisors, partners=partners)
    lang = language(request)
    return render(request, "lagebild.html", taxonomy=deps.taxonomy, session=session,
                  v=view(figures, lang), bad_period=bad, month_choices=month_choices(today, lang),
                  period_from=period.start.strftime("%Y-%m"), period_to=period.end.strftime("%Y-%m"))
