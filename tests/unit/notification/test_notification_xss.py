"""B2: hostile text in every user-provided field never becomes markup, script, a link or a control character."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.notification.domain.catalogue import LANGUAGES, TEMPLATE_KEYS
from services.notification.entrypoints.preview import EXAMPLE_CONTEXTS
from services.notification.presentation.rendering import render

pytestmark = pytest.mark.unit

# Values we generate ourselves (links, reference, config, closed choices) rather than text a person typed.
NOT_USER_TEXT = {"reference", "contact_address", "level", "status_url", "amend_url", "accept_url", "decline_url",
                 "enquiry_url", "case_url", "website", "update_url", "set_by", "assigned_by", "resume_url",
                 "expires_on"}
PAYLOADS = [
    "<b id=MARK>bold</b>",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)><b id=MARK>",
    "</textarea></title></div><b id=MARK>",
    "<a href=javascript:alert(1) id=MARK>x</a>",
    "{{7*7}}",
    "{% raw %}{{ lipsum }}{% endraw %}",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "\u202egpj.exe",
    "line1\r\nline2\rline3\u2028line4",
    "nul\x00byte\x1b[31m\x7f",
    "=?UTF-8?Q?=0A?=Bcc: x@evil.example",
    "<!-- comment --><![CDATA[x]]>",
]
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Templates that show text a person typed (draft_saved shows only values we generate: link, number, date).
WITH_USER_TEXT = sorted(t for t, keys in TEMPLATE_KEYS.items() if keys - NOT_USER_TEXT)
ALL = [(t, lang) for t in WITH_USER_TEXT for lang in LANGUAGES]


def inject(value: Any, payload: str, key: str = "") -> Any:
    """Replace every user-provided string (also inside partners/company summaries) with `payload`."""
    if isinstance(value, dict):
        return {k: inject(v, payload, k) for k, v in value.items()}
    if isinstance(value, list):
        return [inject(v, payload, key) for v in value]
    if isinstance(value, str) and key not in NOT_USER_TEXT:
        return f"Wert {payload} Ende"
    return value


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_safe(template: str, language: str, payload: str) -> None:
    baseline = render(template, language, inject(EXAMPLE_CONTEXTS[template], "harmless"))
    rendered = render(template, language, inject(EXAMPLE_CONTEXTS[template], payload))
    found = elements(rendered.html)
    # Same element and attribute structure as with harmless text: nothing came from user data.
    assert found == elements(baseline.html)
    assert not [e for e in found if ("id", "MARK") in e[1] or e[0] in ("script", "svg", "img", "iframe")]
    assert not [name for _, attrs in found for name, _ in attrs if name.lower().startswith("on")]
    hrefs = [v for tag, attrs in found for name, v in attrs if name in ("href", "src")]
    assert hrefs and all(h and h.startswith("https://") for h in hrefs)
    for body in (rendered.text, rendered.html):
        assert not _CONTROL.search(body)
    assert "Wert " in rendered.text


@pytest.mark.parametrize(("template", "language"), ALL)
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_in_every_user_field_is_inert(template: str, language: str, payload: str) -> None:
    assert_safe(template, language, payload)


@pytest.mark.parametrize(("template", "language"), ALL)
def test_template_syntax_is_shown_literally_not_evaluated(template: str, language: str) -> None:
    rendered = render(template, language, inject(EXAMPLE_CONTEXTS[template], "{{7*7}}"))
    assert "Wert {{7*7}} Ende" in rendered.text and "Wert {{7*7}} Ende" in rendered.html
    assert "Wert 49 Ende" not in rendered.text + rendered.html


def test_markup_is_escaped_in_html_and_verbatim_in_text() -> None:
    rendered = render("closure", "en", inject(EXAMPLE_CONTEXTS["closure"], "<b id=MARK>x</b>"))
    assert "&lt;b id=MARK&gt;x&lt;/b&gt;" in rendered.html and "<b id=MARK>" not in rendered.html
    assert "<b id=MARK>x</b>" in rendered.text  # plain text is never interpreted as markup


@settings(max_examples=100, deadline=None)
@given(template=st.sampled_from(WITH_USER_TEXT), language=st.sampled_from(LANGUAGES), payload=st.text())
def test_arbitrary_text_is_inert(template: str, language: str, payload: str) -> None:
    assert_safe(template, language, payload)
