"""Render an email template (presentation/templates/) into subject, plain text and HTML.

The safety rules live in domain/content.py; here: HTML templates are autoescaped, text templates are not (they
are never interpreted as markup), every link goes through the `link` filter, and StrictUndefined plus the key
check catch a template and its caller drifting apart.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, pass_context, select_autoescape
from jinja2.runtime import Context

from shared.dates import format_date, format_datetime

from ..domain.catalogue import check_reference, check_template_and_language, subject_for
from ..domain.content import RenderedEmail, check_context, checked_link, clean_context


@pass_context
def _link_filter(ctx: Context, url: object) -> str:
    return checked_link(url, ctx.get("_allowed_link_hosts"))


@pass_context
def _format_date(ctx: Context, value: date | str) -> str:
    # Contexts are queued as JSON (jsonb), so dates may come back as ISO strings.
    value = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if not isinstance(value, date):
        raise ValueError("expected a date")
    return format_date(value, ctx["lang"])


@pass_context
def _format_datetime(ctx: Context, value: datetime | str) -> str:
    """Advisors and leads work in Berlin time; aware datetimes are converted, naive ones taken as Berlin time."""
    value = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(value, datetime):
        raise ValueError("expected a datetime")
    return format_datetime(value, ctx["lang"])


def _make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("services.notification.presentation", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the code: no stat() of every template file per email
    )
    env.filters.update(link=_link_filter, format_date=_format_date, format_datetime=_format_datetime)
    return env


_ENV = _make_environment()


def render(
    template: str,
    language: str,
    context: Mapping[str, Any],
    *,
    allowed_link_hosts: Collection[str] | None = None,
) -> RenderedEmail:
    """Render `template` in `language`; ValueError for an unknown template/language or a bad context."""
    check_template_and_language(template, language)
    check_context(template, context)
    reference = check_reference(context["reference"])
    subject = subject_for(template, language, reference)
    values = clean_context(context)
    values.update(
        lang=language,
        subject=subject,
        _allowed_link_hosts=frozenset(allowed_link_hosts) if allowed_link_hosts is not None else None,
    )
    try:
        text = _ENV.get_template(f"{template}.{language}.txt").render(values)
        html = _ENV.get_template(f"{template}.{language}.html").render(values)
    except TemplateError as exc:  # e.g. a partner entry without "name" under StrictUndefined
        raise ValueError(f"template {template!r} ({language}) could not be rendered: {exc}") from exc
    return RenderedEmail(subject=subject, text=text, html=html, template=template, language=language,
                         reference=reference)
