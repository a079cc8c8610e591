"""Partners' tokenised introduction links: a small DE/EN page to accept, or decline with a reason.

No login: the link's token (stored only as a hash) is the capability. The POST carries it as a hidden field,
so the page also works after the partner switched the language.
"""
from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..adapters.case_store import unit_of_work
from ..adapters.introduction_rows import introduction_with_case
from ..dependencies import Deps, Live
from ..domain.introductions import check_token
from ..domain.rules import Refused
from ..presentation.pages import render
from ..use_cases.answer_introduction import answer_introduction as answer
from .security import guard

router = APIRouter(tags=["partners"], dependencies=[Depends(guard)], include_in_schema=False)
_ANSWERS = {"accept": "accepted", "decline": "declined"}


@router.get("/introductions/{introduction_id}")
async def introduction_page(introduction_id: uuid.UUID, request: Request, deps: Deps, runtime: Live) -> Response:
    token = request.query_params.get("token", "")
    async with runtime.require_pool().acquire() as conn:
        found = await introduction_with_case(conn, introduction_id)
    try:
        intro = check_token(found, token)
    except Refused:
        return render(request, "introduction.html", taxonomy=deps.taxonomy, intro=None, token="",
                      message="public.invalid", status=404)
    message = "public.answered" if intro["status"] != "pending" else None
    return render(request, "introduction.html", taxonomy=deps.taxonomy, intro=intro, token=token, message=message,
                  answer=request.query_params.get("answer", "accept"))


@router.post("/introductions/{introduction_id}")
async def answer_introduction(introduction_id: uuid.UUID, request: Request, deps: Deps, runtime: Live) -> Response:
    form = await request.form()
    token, choice = str(form.get("token", "")), _ANSWERS.get(str(form.get("answer", "")), "")
    reason = str(form.get("reason", ""))[:4000]
    async with unit_of_work(runtime.require_pool()) as uow:
        try:
            await answer(uow, introduction_id=introduction_id, token=token, answer=choice, reason=reason,
                         clock=deps.clock)
        except Refused as exc:
            key = {404: "public.invalid", 409: "public.answered"}.get(exc.status, "public.decline_reason")
            return render(request, "introduction.html", taxonomy=deps.taxonomy, intro=None, token="", message=key,
                          status=exc.status)
    return render(request, "introduction.html", taxonomy=deps.taxonomy, intro=None, token="",
                  message="public.thanks")
