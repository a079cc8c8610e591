"""Status moves (order independence), client address for the rate limit, and the rendered form's accessibility."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.datastructures import URL

from services.intake.domain.status import EnquiryStatus as S
from services.intake.domain.status import StatusState, after_decision, after_progress
from services.intake.entrypoints.rate_limit import RateLimit, client_address
from services.intake.presentation.pages import Catalog, form_page
from shared.taxonomy import load_partner_directory, load_taxonomy

T = datetime(2026, 11, 23, 12, tzinfo=UTC)


def test_progress_only_lifts_early_stages() -> None:
    assert after_progress(StatusState(S.RECEIVED, T), S.WITH_ADVISOR).status == S.WITH_ADVISOR
    assert after_progress(StatusState(S.WITH_ADVISOR, T), S.IN_ASSESSMENT).status == S.WITH_ADVISOR
    for later in (S.WAITING_FOR_YOU, S.INTRODUCED, S.CLOSED):
        assert after_progress(StatusState(later, T), S.WITH_ADVISOR).status == later


def test_the_newer_decision_wins_whatever_the_arrival_order() -> None:
    close, reopen = (S.CLOSED, T + timedelta(seconds=1)), (S.WITH_ADVISOR, T + timedelta(seconds=2))
    for order in ([close, reopen], [reopen, close]):
        state = StatusState(S.RECEIVED, T)
        for status, at in order:
            state = after_decision(state, status, occurred_at=at)
        assert state == StatusState(S.WITH_ADVISOR, T + timedelta(seconds=2))


def test_a_redelivered_decision_changes_nothing() -> None:
    state = after_decision(StatusState(S.RECEIVED, T), S.CLOSED, occurred_at=T + timedelta(seconds=1))
    assert after_decision(state, S.CLOSED, occurred_at=T + timedelta(seconds=1)) == state


def scope(peer: str, forwarded: str | None = None) -> dict:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "http", "client": (peer, 1234), "headers": headers}


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() -> None:
    assert client_address(scope("198.51.100.1", "203.0.113.9"), frozenset()) == "198.51.100.1"
    proxies = frozenset({"10.0.0.2"})
    assert client_address(scope("10.0.0.2", "1.2.3.4, 203.0.113.9"), proxies) == "203.0.113.9"
    assert client_address(scope("10.0.0.2", "not-an-ip"), proxies) == "10.0.0.2"


async def _ok(scope_: dict, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def test_rate_limit_answers_429_with_retry_after_per_client_on_post_routes_only() -> None:
    app = RateLimit(_ok, limit="2/minute")

    def client(peer: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(peer, 1)), base_url="http://t")

    async with client("198.51.100.1") as a, client("198.51.100.2") as b:
        codes = [(await a.post("/api/v1/enquiries", headers={"X-Forwarded-For": f"1.1.1.{i}"})).status_code
                 for i in range(3)]
        assert codes == [200, 200, 429]
        refused = await a.post("/api/v1/enquiries")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert refused.headers["content-type"] == "application/problem+json"
        assert (await b.post("/")).status_code == 200, "another client has its own budget"
        assert (await a.get("/")).status_code == 200, "reading is not limited"


@pytest.mark.parametrize(("query", "lang", "words"), [("?lang=en", "en", "Too many requests"),
                                                       ("?lang=de", "de", "Zu viele Anfragen"),
                                                       ("", "de", "Zu viele Anfragen")])
async def test_a_browser_over_the_limit_gets_a_page_in_its_language_not_json(query: str, lang: str,
                                                                              words: str) -> None:
    app = RateLimit(_ok, limit="1/minute")
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as browser:
        assert (await browser.post(f"/{query}")).status_code == 200
        refused = await browser.post(f"/{query}")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in refused.text and words in refused.text


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    taxonomy = load_taxonomy()
    return Catalog(taxonomy=taxonomy, partners=load_partner_directory(taxonomy=taxonomy))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_rendered_form_labels_every_control_and_has_no_inline_code(catalog: Catalog, lang: str) -> None:
    html = form_page(catalog=catalog, lang=lang, url=URL("http://t/"), action="/", values={},
                     errors={"company.name": "x"}).body.decode()
    assert f'<html lang="{lang}">' in html
    assert not re.search(r"<script>|\sstyle=|\son[a-z]+=", html), "CSP allows no inline scripts or styles"
    # Radios are labelled by the <label> around them; every other control by <label for>.
    ids = re.findall(r'<(?:input(?! type="(?:radio|hidden)")|select|textarea)[^>]*\sid="([^"]+)"', html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert set(ids) - labelled == set(), "every control has a label"
    assert 'aria-describedby="f-company-name-error"' in html and 'href="#f-company-name"' in html
    kreis_select = html[html.find('id="f-company-kreis"'):].split("</select>")[0]
    assert len(re.findall(r'<option value="[^"]+"', kreis_select)) == 54


def test_any_text_as_status_token_is_just_a_mismatch() -> None:
    import uuid

    from services.intake.domain.reference import status_token, token_matches

    eid = uuid.uuid4()
    assert token_matches("s", eid, status_token("s", eid))
    assert not token_matches("s", eid, "ÄÖÜ-\ud800-" + "x" * 20)
